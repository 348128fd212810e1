package dev.wharf.e2e.support;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One case of the real-client pull suites: an image of one {@link ImageShape} published to the upstream
 * registry under a name and seed of its own (so that no case finds another's layers in a client's store
 * or in Wharf's cache), and the reference a client pulls it by in one {@link PullMode}. Through Wharf,
 * a fresh Wharf serves it from a docker remote {@value #REMOTE} of the registry, also the mirror default.
 *
 * @param layout     the image as built, to compare with what the client stored
 * @param repository the name the client pulls without tag: {@code <host:port>/[<repo-key>/]<image>}
 * @param reference  {@code <repository>:<tag>}
 */
public record PullCase(OciLayout layout, String repository, String reference) {
    /** The repository key of the remote in front of the upstream registry. */
    public static final String REMOTE = "hub";
    private static final int LAYER_MIB = 1;

    /** Every shape in every mode: the arguments of a {@code @MethodSource}. */
    public static Stream<Arguments> shapesAndModes() {
        return Stream.of(ImageShape.values())
                .flatMap(shape -> Stream.of(PullMode.values()).map(mode -> Arguments.of(shape, mode)));
    }

    /**
     * Builds and publishes the image of {@code shape} for {@code client} under {@code dir}, and, unless the
     * mode is {@link PullMode#UPSTREAM}, starts a Wharf in front of {@code registry} with {@code wharfs}.
     */
    public static PullCase prepare(String client, ImageShape shape, PullMode mode, DistributionRegistry registry,
                                   WharfProcesses wharfs, Path dir) {
        String image = "e2e/" + client + "-" + shape.slug() + "-" + mode.slug();
        OciLayout layout = shape.build(dir.resolve("layout"), "v1", image.hashCode(), LAYER_MIB);
        new ImagePublisher(registry.url()).publish(layout, image);
        String repository = switch (mode) {
            case UPSTREAM -> registry.hostPort() + "/" + image;
            case PATH -> startWharf(registry, wharfs, dir).hostPort() + "/" + REMOTE + "/" + image;
            case MIRROR -> startWharf(registry, wharfs, dir).hostPort() + "/" + image;
        };
        return new PullCase(layout, repository, repository + ":" + layout.tag());
    }

    private static WharfProcess startWharf(DistributionRegistry registry, WharfProcesses wharfs, Path dir) {
        return wharfs.start(WharfProcess.builder(dir.resolve("wharf"))
                .remote(RemoteRepository.of(REMOTE, registry.url()))
                .defaultRepository(REMOTE));
    }
}
