package dev.wharf.bench;

/**
 * The JVM options every benchmark fork runs with: Netty's leak detector off (it samples allocations and
 * would be measured too), a fixed heap and a fixed direct-memory ceiling so runs compare, and Wharf's
 * per-request access log off (it goes to the fork's stdout, which JMH copies into its report).
 */
final class JvmArgs {
    static final String LEAK_DETECTION_OFF = "-Dio.netty.leakDetection.level=disabled";
    static final String DIRECT_MEMORY = "-XX:MaxDirectMemorySize=512m";
    static final String HEAP_MIN = "-Xms1g";
    static final String HEAP_MAX = "-Xmx1g";
    static final String ACCESS_LOG_OFF = "-Dwharf.accessLog=false";

    private JvmArgs() {
    }
}
