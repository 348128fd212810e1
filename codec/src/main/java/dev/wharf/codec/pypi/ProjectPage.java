package dev.wharf.codec.pypi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A project's page of the simple API: its name, its files, and its versions (PEP 700; derived from the file
 * names when the index did not give them).
 */
public record ProjectPage(String name, List<DistFile> files, List<String> versions) {
    public ProjectPage {
        Objects.requireNonNull(name, "name");
        files = List.copyOf(files);
        versions = List.copyOf(versions);
    }

    /** A page with versions taken from its files' names. */
    public static ProjectPage of(String name, List<DistFile> files) {
        TreeSet<String> versions = new TreeSet<>();
        for (DistFile file : files) {
            DistFilename.parse(file.filename()).ifPresent(parsed -> versions.add(parsed.version()));
        }
        return new ProjectPage(name, files, new ArrayList<>(versions));
    }

    /** The file of that name, if the page lists it. */
    public Optional<DistFile> file(String filename) {
        return files.stream().filter(f -> f.filename().equals(filename)).findFirst();
    }

    /** The same page with every file's URL mapped. */
    public ProjectPage mapFiles(UnaryOperator<DistFile> mapping) {
        return new ProjectPage(name, files.stream().map(mapping).toList(), versions);
    }

    /**
     * Pages of one project merged: a file name listed by several resolves to the first page's file; the
     * versions are the union; the name is the first page's.
     */
    public static ProjectPage merge(List<ProjectPage> pages) {
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("pages: none (expected: at least one)");
        }
        Map<String, DistFile> files = new LinkedHashMap<>();
        TreeSet<String> versions = new TreeSet<>();
        for (ProjectPage page : pages) {
            page.files.forEach(f -> files.putIfAbsent(f.filename(), f));
            versions.addAll(page.versions);
        }
        return new ProjectPage(pages.get(0).name, new ArrayList<>(files.values()), new ArrayList<>(versions));
    }
}
