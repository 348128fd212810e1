package dev.wharf.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's first configuration, found through {@code META-INF/services}: {@link LoggingSetup}'s defaults
 * (text, INFO), so that anything using Wharf's classes (tests, benchmarks) logs the same way before, or
 * without, {@link Main} applying the configured format and level.
 */
public final class WharfLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LoggingSetup.configureDefault(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
