package dev.wharf.terraform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.config.RepositoryConfig;
import dev.wharf.config.RepositoryType;
import dev.wharf.format.FileServer;
import dev.wharf.format.Format;
import dev.wharf.format.FormatContext;
import dev.wharf.codec.repository.RepositoryPath;
import dev.wharf.format.PathKind;
import dev.wharf.format.RemoteFiles;
import dev.wharf.format.RemoteLayout;
import java.net.URI;
import dev.wharf.format.RepositoryHandler;
import dev.wharf.format.Served;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Terraform providers under {@code /repository/<key>/}, served through both the provider registry protocol and
 * the provider network mirror protocol: remotes of a provider registry, locals of uploaded packages (signed with
 * the repository's key), virtuals merging both.
 */
public final class TerraformFormat implements Format {
    /** The format's id in the configuration. */
    public static final String ID = "terraform";
    private static final String EMBEDDED = """
            { "repositories": [
                { "key": "terraform", "format": "terraform", "type": "remote", "url": "https://registry.terraform.io" } ] }
            """;

    /** Every upstream URL comes from the registry's documents, so a remote never asks a layout (RemoteFiles.find with a URI). */
    private static final RemoteLayout NO_LAYOUT = new RemoteLayout() {
        @Override
        public PathKind classify(RepositoryPath path) {
            throw new UnsupportedOperationException("Terraform paths are classified by the format");
        }

        @Override
        public URI upstream(RepositoryPath path) {
            throw new UnsupportedOperationException("Terraform upstream URLs come from the registry's documents");
        }
    };

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Class<? extends Record> options(RepositoryType type) {
        return switch (type) {
            case REMOTE -> TerraformRemoteOptions.class;
            case LOCAL -> TerraformLocalOptions.class;
            case VIRTUAL -> TerraformVirtualOptions.class;
        };
    }

    /** The Terraform registry, as {@code terraform}. */
    @Override
    public List<ObjectNode> embeddedDefaults() {
        try {
            return List.of((ObjectNode) new ObjectMapper().readTree(EMBEDDED));
        } catch (IOException e) {
            throw new UncheckedIOException("the built-in Terraform remote", e);
        }
    }

    @Override
    public Served serve(FormatContext context) {
        FileServer server = new FileServer(context, TerraformResponses.STYLE,
                (exchange, failure) -> TerraformResponses.failure(exchange, failure, exchange.path()));
        PackageHashes hashes = new PackageHashes(context.blobs(), context.fileExecutor());
        long maxUploadBytes = context.config().server().limits().maxUploadBytes();
        Map<String, ProviderSource> sources = new LinkedHashMap<>();
        Map<String, LocalProviders> locals = new LinkedHashMap<>();
        Map<String, RepositoryHandler> handlers = new LinkedHashMap<>();
        for (RepositoryConfig repo : context.repositories()) {
            if (repo.type() == RepositoryType.REMOTE) {
                Documents documents = new Documents(context.blobs(), repo.options(TerraformRemoteOptions.class).maxDocumentBytes());
                RemoteFiles files = new RemoteFiles(repo, NO_LAYOUT, context);
                sources.put(repo.key(), new RemoteProviders(files, repo.url(), documents, context.metadata(), hashes));
            } else if (repo.type() == RepositoryType.LOCAL) {
                TerraformLocalOptions options = repo.options(TerraformLocalOptions.class);
                Optional<SumsSigner> signer = Optional.ofNullable(options.signingKey())
                        .map(k -> SumsSigner.parse(k, options.signingKeyPassphrase()));
                LocalProviders local = new LocalProviders(repo.key(), context.metadata(), context.blobs(), hashes, signer,
                        context.fileExecutor(), context.clock(), maxUploadBytes);
                sources.put(repo.key(), local);
                locals.put(repo.key(), local);
            }
        }
        for (RepositoryConfig repo : context.repositories()) {
            if (repo.type() == RepositoryType.VIRTUAL) {
                List<ProviderSource> members = new ArrayList<>();
                repo.members().forEach(key -> members.add(sources.get(key)));
                sources.put(repo.key(), new VirtualProviders(repo.key(), members));
            }
        }
        for (RepositoryConfig repo : context.repositories()) {
            Optional<LocalProviders> writes = Optional.ofNullable(repo.type() == RepositoryType.VIRTUAL
                    ? (repo.deployTo() == null ? null : locals.get(repo.deployTo())) : locals.get(repo.key()));
            handlers.put(repo.key(), new TerraformHandler(repo.key(), sources.get(repo.key()), writes, server, repo.blocklist(),
                    repo.type().name().toLowerCase(Locale.ROOT)));
        }
        return Served.repositories(handlers);
    }
}
