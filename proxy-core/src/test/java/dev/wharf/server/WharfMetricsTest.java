package dev.wharf.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WharfMetricsTest {
    private final WharfMetrics metrics = new WharfMetrics();

    @AfterEach
    void tearDown() {
        metrics.close();
    }

    private String scrape(String type) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(out, type);
        return out.toString(StandardCharsets.UTF_8);
    }

    private String scrape() throws IOException {
        return scrape(WharfMetrics.TEXT_FORMAT);
    }

    private static CompletedRequest request(String method, int status, long bytes, CacheStatus cache, boolean aborted) {
        return new CompletedRequest("127.0.0.1", method, "/v2/x", status, bytes, 3_000_000, cache, "hub", "docker", aborted);
    }

    @Test
    void requestsAreCountedByRepositoryFormatMethodStatusAndCacheOutcome() throws IOException {
        metrics.completed(request("GET", 200, 1000, CacheStatus.HIT, false));
        metrics.completed(request("GET", 200, 500, CacheStatus.HIT, false));
        metrics.completed(request("HEAD", 404, 0, CacheStatus.NONE, false));
        metrics.completed(request("GET", 200, 300, CacheStatus.MISS, true));
        metrics.completed(new CompletedRequest("::1", "GET", "/health/live", 200, 5, 1000, null, "-", "-", false));

        String text = scrape();
        assertThat(text)
                .contains("wharf_requests_total{cache=\"hit\",format=\"docker\",method=\"GET\",repository=\"hub\",status=\"200\"} 2")
                .contains("wharf_requests_total{cache=\"none\",format=\"docker\",method=\"HEAD\",repository=\"hub\",status=\"404\"} 1")
                .contains("wharf_requests_total{cache=\"none\",format=\"-\",method=\"GET\",repository=\"-\",status=\"200\"} 1")
                .contains("wharf_served_bytes_total{cache=\"hit\",repository=\"hub\"} 1500")
                .contains("wharf_served_bytes_total{cache=\"miss\",repository=\"hub\"} 300")
                .contains("wharf_responses_aborted_total{cache=\"miss\",format=\"docker\",repository=\"hub\"} 1")
                .contains("wharf_request_duration_seconds_bucket{cache=\"hit\",format=\"docker\",method=\"GET\",repository=\"hub\",le=\"0.005\"} 2")
                .contains("wharf_request_duration_seconds_count{cache=\"hit\",format=\"docker\",method=\"GET\",repository=\"hub\"} 2")
                .contains("# TYPE wharf_requests_total counter");
    }

    @Test
    void repositoryCountsSumTheRequestMetersByRepository() {
        metrics.completed(request("GET", 200, 1000, CacheStatus.HIT, false));
        metrics.completed(request("HEAD", 200, 0, CacheStatus.HIT, false));
        metrics.completed(request("GET", 200, 500, CacheStatus.REVALIDATED, false));
        metrics.completed(request("GET", 200, 300, CacheStatus.MISS, true));
        metrics.completed(request("GET", 200, 200, CacheStatus.FILL_JOIN, false));
        metrics.completed(request("GET", 404, 0, CacheStatus.NONE, false));
        metrics.completed(new CompletedRequest("::1", "GET", "/health/live", 200, 5, 1000, null, "-", "-", false));
        metrics.upstreamReceived("hub", 4096);
        metrics.upstreamReceived("hub", 4);
        metrics.upstreamReceived("quiet", 10);

        assertThat(metrics.repositoryCounts()).containsOnlyKeys("hub", "quiet")
                .containsEntry("hub", new WharfMetrics.RepositoryCounts(6, 3, 2, 2000, 4100))
                .containsEntry("quiet", new WharfMetrics.RepositoryCounts(0, 0, 0, 0, 10));
    }

    @Test
    void unknownMethodsShareOneLabelValue() throws IOException {
        metrics.completed(request("BREW", 405, 0, CacheStatus.NONE, false));
        metrics.completed(request("PROPFIND", 405, 0, CacheStatus.NONE, false));
        assertThat(scrape()).contains("method=\"OTHER\",repository=\"hub\",status=\"405\"} 2").doesNotContain("BREW", "PROPFIND");
    }

    @Test
    void upstreamRequestsAreTimedAndFailuresAndServerErrorsCounted() throws IOException {
        metrics.upstreamRequest("registry.example.com", "GET", "blob", "200", 20_000_000);
        metrics.upstreamRequest("registry.example.com", "GET", "manifest", "404", 1_000_000);
        metrics.upstreamRequest("registry.example.com", "GET", "blob", "503", 1_000_000);
        metrics.upstreamRequest("registry.example.com", "GET", "blob", "timeout", 60_000_000_000L);

        String text = scrape();
        assertThat(text)
                .contains("wharf_upstream_request_duration_seconds_count{host=\"registry.example.com\",method=\"GET\",outcome=\"200\",purpose=\"blob\"} 1")
                .contains("wharf_upstream_request_duration_seconds_count{host=\"registry.example.com\",method=\"GET\",outcome=\"404\",purpose=\"manifest\"} 1")
                .contains("wharf_upstream_errors_total{host=\"registry.example.com\",outcome=\"503\",purpose=\"blob\"} 1")
                .contains("wharf_upstream_errors_total{host=\"registry.example.com\",outcome=\"timeout\",purpose=\"blob\"} 1")
                .doesNotContain("wharf_upstream_errors_total{host=\"registry.example.com\",outcome=\"404\"")
                .doesNotContain("wharf_upstream_errors_total{host=\"registry.example.com\",outcome=\"200\"");
    }

    @Test
    void gaugesReadTheirSuppliersAtScrapeTimeAndPoolGaugesCanBeRemoved() throws IOException {
        AtomicInteger fills = new AtomicInteger(3);
        AtomicLong inFlight = new AtomicLong(4096);
        AtomicInteger acquired = new AtomicInteger(5);
        AtomicLong dropped = new AtomicLong(7);
        metrics.registerFills(fills::get);
        metrics.registerFillBytesInFlight(inFlight::get);
        metrics.registerDroppedLogEvents("access", dropped::get);
        Runnable unregister = metrics.registerUpstreamPool("registry.example.com", "blob", () -> 48, acquired::get, () -> 2);

        assertThat(scrape()).contains("wharf_fills_active 3", "wharf_fills_in_flight_bytes 4096",
                "wharf_log_events_dropped_total{stream=\"access\"} 7",
                "wharf_upstream_pool_max_connections{host=\"registry.example.com\",purpose=\"blob\"} 48",
                "wharf_upstream_pool_acquired_connections{host=\"registry.example.com\",purpose=\"blob\"} 5",
                "wharf_upstream_pool_pending_requests{host=\"registry.example.com\",purpose=\"blob\"} 2");
        fills.set(0);
        acquired.set(9);
        assertThat(scrape()).contains("wharf_fills_active 0",
                "wharf_upstream_pool_acquired_connections{host=\"registry.example.com\",purpose=\"blob\"} 9");
        unregister.run();
        assertThat(scrape()).doesNotContain("wharf_upstream_pool");
    }

    @Test
    void jvmProcessAndNettyMemoryAreExported() throws IOException {
        assertThat(scrape()).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads ", "jvm_classes_loaded_classes ",
                "process_cpu_usage ", "process_uptime_seconds ", "process_files_open_files ", "jvm_gc_",
                "wharf_netty_allocator_used_bytes{allocator=\"pooled\",area=\"direct\"}",
                "wharf_netty_allocator_pinned_bytes{allocator=\"pooled\",area=\"heap\"}");
    }

    @Test
    void openMetricsEndsWithEof() throws IOException {
        metrics.completed(request("GET", 200, 1, CacheStatus.HIT, false));
        String text = scrape(WharfMetrics.OPENMETRICS_FORMAT);
        assertThat(text).contains("wharf_requests_total{").endsWith("# EOF\n");
    }
}
