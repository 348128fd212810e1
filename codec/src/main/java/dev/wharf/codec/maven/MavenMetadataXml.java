package dev.wharf.codec.maven;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads and writes {@code maven-metadata.xml}. The reader is strict about structure where it matters (the root
 * is {@code <metadata>}, values are text) and ignores elements it does not know, as Maven does; DTDs and
 * external entities are refused, so a hostile document cannot reach files or the network.
 */
public final class MavenMetadataXml {
    /** Larger metadata than this is refused (the largest real artifacts list a few thousand versions). */
    public static final int MAX_BYTES = 8 << 20;

    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        FACTORY.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    private MavenMetadataXml() {
    }

    /** Parses a document; {@link IllegalArgumentException} saying what is wrong when it is not {@code maven-metadata.xml}. */
    public static MavenMetadata parse(byte[] xml) {
        if (xml.length > MAX_BYTES) {
            throw new IllegalArgumentException("maven-metadata.xml of " + xml.length + " bytes (expected: at most " + MAX_BYTES + ")");
        }
        try {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                reader.nextTag();
                if (!reader.getLocalName().equals("metadata")) {
                    throw new IllegalArgumentException("maven-metadata.xml: root element <" + reader.getLocalName()
                            + "> (expected: <metadata>)");
                }
                return metadata(reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("maven-metadata.xml is not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static MavenMetadata metadata(XMLStreamReader r) throws XMLStreamException {
        Builder b = new Builder();
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            switch (r.getLocalName()) {
                case "groupId" -> b.groupId = text(r);
                case "artifactId" -> b.artifactId = text(r);
                case "version" -> b.version = text(r);
                case "versioning" -> versioning(r, b);
                case "plugins" -> {
                    while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                        if (r.getLocalName().equals("plugin")) {
                            b.plugins.add(plugin(r));
                        } else {
                            skip(r);
                        }
                    }
                }
                default -> skip(r);
            }
        }
        return b.build();
    }

    private static void versioning(XMLStreamReader r, Builder b) throws XMLStreamException {
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            switch (r.getLocalName()) {
                case "latest" -> b.latest = text(r);
                case "release" -> b.release = text(r);
                case "lastUpdated" -> b.lastUpdated = text(r);
                case "versions" -> {
                    while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                        if (r.getLocalName().equals("version")) {
                            b.versions.add(text(r));
                        } else {
                            skip(r);
                        }
                    }
                }
                case "snapshot" -> {
                    String timestamp = null;
                    int build = 0;
                    while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                        switch (r.getLocalName()) {
                            case "timestamp" -> timestamp = text(r);
                            case "buildNumber" -> build = number(text(r));
                            default -> skip(r);
                        }
                    }
                    if (timestamp != null) {
                        b.snapshot = new MavenMetadata.Snapshot(timestamp, build);
                    }
                }
                case "snapshotVersions" -> {
                    while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                        if (r.getLocalName().equals("snapshotVersion")) {
                            snapshotVersion(r, b);
                        } else {
                            skip(r);
                        }
                    }
                }
                default -> skip(r);
            }
        }
    }

    private static void snapshotVersion(XMLStreamReader r, Builder b) throws XMLStreamException {
        String classifier = "";
        String extension = null;
        String value = null;
        String updated = null;
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            switch (r.getLocalName()) {
                case "classifier" -> classifier = text(r);
                case "extension" -> extension = text(r);
                case "value" -> value = text(r);
                case "updated" -> updated = text(r);
                default -> skip(r);
            }
        }
        if (extension != null && value != null) {
            b.snapshotVersions.add(new MavenMetadata.SnapshotVersion(classifier, extension, value, updated));
        }
    }

    private static MavenMetadata.Plugin plugin(XMLStreamReader r) throws XMLStreamException {
        String name = null;
        String prefix = null;
        String artifactId = null;
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            switch (r.getLocalName()) {
                case "name" -> name = text(r);
                case "prefix" -> prefix = text(r);
                case "artifactId" -> artifactId = text(r);
                default -> skip(r);
            }
        }
        if (prefix == null || artifactId == null) {
            throw new IllegalArgumentException("maven-metadata.xml: a <plugin> without <prefix> or <artifactId>");
        }
        return new MavenMetadata.Plugin(name, prefix, artifactId);
    }

    private static String text(XMLStreamReader r) throws XMLStreamException {
        try {
            return r.getElementText().strip();
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("maven-metadata.xml: <" + r.getLocalName() + "> must hold text only", e);
        }
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("maven-metadata.xml: buildNumber " + text + " (expected: a number)");
        }
    }

    /** Skips the element the reader is at, children included. */
    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** Writes a document as Maven does (UTF-8, two-space indent, only what is present). */
    public static byte[] render(MavenMetadata m) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata");
        out.append(m.snapshot() != null || !m.snapshotVersions().isEmpty() ? " modelVersion=\"1.1.0\">\n" : ">\n");
        element(out, 1, "groupId", m.groupId());
        element(out, 1, "artifactId", m.artifactId());
        element(out, 1, "version", m.version());
        boolean versioning = m.latest() != null || m.release() != null || !m.versions().isEmpty()
                || m.lastUpdated() != null || m.snapshot() != null || !m.snapshotVersions().isEmpty();
        if (versioning) {
            out.append("  <versioning>\n");
            element(out, 2, "latest", m.latest());
            element(out, 2, "release", m.release());
            if (m.snapshot() != null) {
                out.append("    <snapshot>\n");
                element(out, 3, "timestamp", m.snapshot().timestamp());
                element(out, 3, "buildNumber", String.valueOf(m.snapshot().buildNumber()));
                out.append("    </snapshot>\n");
            }
            if (!m.versions().isEmpty()) {
                out.append("    <versions>\n");
                m.versions().forEach(v -> element(out, 3, "version", v));
                out.append("    </versions>\n");
            }
            element(out, 2, "lastUpdated", m.lastUpdated());
            if (!m.snapshotVersions().isEmpty()) {
                out.append("    <snapshotVersions>\n");
                for (MavenMetadata.SnapshotVersion s : m.snapshotVersions()) {
                    out.append("      <snapshotVersion>\n");
                    if (!s.classifier().isEmpty()) {
                        element(out, 4, "classifier", s.classifier());
                    }
                    element(out, 4, "extension", s.extension());
                    element(out, 4, "value", s.value());
                    element(out, 4, "updated", s.updated());
                    out.append("      </snapshotVersion>\n");
                }
                out.append("    </snapshotVersions>\n");
            }
            out.append("  </versioning>\n");
        }
        if (!m.plugins().isEmpty()) {
            out.append("  <plugins>\n");
            for (MavenMetadata.Plugin p : m.plugins()) {
                out.append("    <plugin>\n");
                element(out, 3, "name", p.name());
                element(out, 3, "prefix", p.prefix());
                element(out, 3, "artifactId", p.artifactId());
                out.append("    </plugin>\n");
            }
            out.append("  </plugins>\n");
        }
        out.append("</metadata>\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void element(StringBuilder out, int depth, String name, String value) {
        if (value == null) {
            return;
        }
        out.append("  ".repeat(depth)).append('<').append(name).append('>');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                default -> out.append(c);
            }
        }
        out.append("</").append(name).append(">\n");
    }

    private static final class Builder {
        String groupId;
        String artifactId;
        String version;
        String latest;
        String release;
        String lastUpdated;
        MavenMetadata.Snapshot snapshot;
        final List<String> versions = new ArrayList<>();
        final List<MavenMetadata.SnapshotVersion> snapshotVersions = new ArrayList<>();
        final List<MavenMetadata.Plugin> plugins = new ArrayList<>();

        MavenMetadata build() {
            return new MavenMetadata(groupId, artifactId, version, latest, release, versions, lastUpdated, snapshot,
                    snapshotVersions, plugins);
        }
    }
}
