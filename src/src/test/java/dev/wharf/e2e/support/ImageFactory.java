package dev.wharf.e2e.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds OCI image layouts on disk, offline: each image has one gzip tar layer holding a file of
 * seeded random (incompressible) bytes, a config whose {@code rootfs.diff_ids} name the uncompressed
 * tar, and a manifest; an index layout adds a two-platform root. Every part carries the media types of
 * the chosen {@link ImageFlavor} (OCI by default). The same seed gives the same digests.
 */
public final class ImageFactory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final long MIB = 1024 * 1024;

    private ImageFactory() {
    }

    /** A layout in {@code dir} whose {@code tag} is one linux/amd64 OCI image with a layer of {@code layerMiB} MiB. */
    public static OciLayout image(Path dir, String tag, long seed, int layerMiB) {
        return image(dir, tag, seed, layerMiB, ImageFlavor.OCI);
    }

    /** A layout in {@code dir} whose {@code tag} is one linux/amd64 image of {@code flavor}, layer of {@code layerMiB} MiB. */
    public static OciLayout image(Path dir, String tag, long seed, int layerMiB, ImageFlavor flavor) {
        try {
            prepare(dir);
            OciImage image = writeImage(dir, flavor, "amd64", seed, layerMiB * MIB);
            writeIndexJson(dir, tag, image.manifest());
            return new OciLayout(dir, tag, image.manifest(), List.of(image));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an OCI layout in " + dir, e);
        }
    }

    /** A layout in {@code dir} whose {@code tag} is an OCI image index of linux/amd64 and linux/arm64 images. */
    public static OciLayout index(Path dir, String tag, long seed, int layerMiB) {
        return index(dir, tag, seed, layerMiB, ImageFlavor.OCI);
    }

    /**
     * A layout in {@code dir} whose {@code tag} is a two-platform root of {@code flavor} (an OCI image index
     * or a Docker manifest list) over linux/amd64 and linux/arm64 images; the arm64 image uses seed + 1.
     */
    public static OciLayout index(Path dir, String tag, long seed, int layerMiB, ImageFlavor flavor) {
        try {
            prepare(dir);
            List<OciImage> images = List.of(
                    writeImage(dir, flavor, "amd64", seed, layerMiB * MIB),
                    writeImage(dir, flavor, "arm64", seed + 1, layerMiB * MIB));
            List<Map<String, Object>> manifests = new ArrayList<>();
            for (OciImage image : images) {
                Map<String, Object> entry = descriptor(image.manifest());
                String[] osArch = image.platform().split("/");
                entry.put("platform", ordered("architecture", osArch[1], "os", osArch[0]));
                manifests.add(entry);
            }
            Map<String, Object> index = ordered("schemaVersion", 2, "mediaType", flavor.index(), "manifests", manifests);
            OciDescriptor root = writeBlob(dir, flavor.index(), JSON.writeValueAsBytes(index));
            writeIndexJson(dir, tag, root);
            return new OciLayout(dir, tag, root, images);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an OCI layout in " + dir, e);
        }
    }

    private static void prepare(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    private static OciImage writeImage(Path dir, ImageFlavor flavor, String architecture, long seed, long layerBytes)
            throws IOException {
        Path partial = dir.resolve("layer.partial");
        MessageDigest compressed = Sha256.newDigest();
        TarGzLayer layer;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), compressed)) {
            layer = TarGzLayer.write(out, "payload-" + seed + ".bin", seed, layerBytes);
        }
        OciDescriptor layerDescriptor = new OciDescriptor(flavor.layer(),
                Sha256.digestString(compressed), Files.size(partial));
        Files.move(partial, dir.resolve("blobs/sha256").resolve(Sha256.hex(layerDescriptor.digest())),
                StandardCopyOption.REPLACE_EXISTING);

        Map<String, Object> config = ordered(
                "architecture", architecture,
                "os", "linux",
                "config", ordered("Env", List.of("PATH=/usr/local/bin:/usr/bin:/bin")),
                "rootfs", ordered("type", "layers", "diff_ids", List.of(layer.diffId())),
                "history", List.of(ordered("created_by", "wharf e2e ImageFactory, seed " + seed)));
        OciDescriptor configDescriptor = writeBlob(dir, flavor.config(), JSON.writeValueAsBytes(config));

        Map<String, Object> manifest = ordered(
                "schemaVersion", 2,
                "mediaType", flavor.manifest(),
                "config", descriptor(configDescriptor),
                "layers", List.of(descriptor(layerDescriptor)));
        OciDescriptor manifestDescriptor = writeBlob(dir, flavor.manifest(), JSON.writeValueAsBytes(manifest));
        return new OciImage("linux/" + architecture, manifestDescriptor, configDescriptor, List.of(layerDescriptor),
                List.of(layer.diffId()));
    }

    private static void writeIndexJson(Path dir, String tag, OciDescriptor root) throws IOException {
        Map<String, Object> entry = descriptor(root);
        entry.put("annotations", ordered(REF_NAME, tag));
        JSON.writeValue(dir.resolve("index.json").toFile(), ordered("schemaVersion", 2, "manifests", List.of(entry)));
    }

    private static OciDescriptor writeBlob(Path dir, String mediaType, byte[] content) throws IOException {
        String digest = Sha256.of(content);
        Files.write(dir.resolve("blobs/sha256").resolve(Sha256.hex(digest)), content);
        return new OciDescriptor(mediaType, digest, content.length);
    }

    private static Map<String, Object> descriptor(OciDescriptor descriptor) {
        return ordered("mediaType", descriptor.mediaType(), "digest", descriptor.digest(), "size", descriptor.size());
    }

    /** A mutable map keeping insertion order, so that the JSON (and so its digest) is stable. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
