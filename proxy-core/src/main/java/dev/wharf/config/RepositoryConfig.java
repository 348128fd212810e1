package dev.wharf.config;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One repository of the {@code repositories} list. Keys, with their defaults:
 * <ul>
 *   <li>{@code key}: required, {@code [a-z0-9][a-z0-9._-]{0,63}}; unique (checked by {@link WharfConfig})</li>
 *   <li>{@code format}: required, the id of a format of the build ({@link FormatCatalog#ids()}), e.g. {@code docker}</li>
 *   <li>{@code type}: required, {@code remote}, {@code local} or {@code virtual}</li>
 *   <li>{@code url}: the upstream, required for and only allowed on a remote; an absolute http or https URL
 *       without credentials in it (they go in {@code username} and {@code password})</li>
 *   <li>{@code username}, {@code password}: upstream credentials, optional, remote only, given together or not at
 *       all; the username is not blank and has no {@code :} (HTTP Basic cannot carry it); the password is never
 *       printed</li>
 *   <li>{@code metadataTtl}: how long mutable metadata is fresh, default {@code 10m}, 0s or more</li>
 *   <li>{@code negativeTtl}: how long an upstream 404 is remembered, default {@code 1m}, 0s or more</li>
 *   <li>{@code blocklist}: glob patterns answered with 403, default empty</li>
 *   <li>{@code members}: virtual only and required there: an ordered list of distinct repository keys other
 *       than its own; that they exist, share its format and are not virtual is checked by {@link WharfConfig}</li>
 *   <li>{@code deployTo}: virtual only, optional: the member that writes land in (a local one, checked by
 *       {@link WharfConfig})</li>
 *   <li>{@code upstream}: remote only: connections and timeouts towards the upstream, see {@link UpstreamConfig};
 *       its defaults when left out</li>
 *   <li>{@code tokenRealms}: remote only: the host names the remote may send its
 *       credentials to when the upstream names a bearer-token realm on another host; default empty (credentials
 *       go to the upstream's own host only)</li>
 *   <li>{@code maxUnusedAge}: remote only, optional: cached content not read for this long is evicted by garbage
 *       collection; absent (null) means never by age; more than 0. Local content is never evicted</li>
 *   <li>{@code anonymousRead}: optional: whether requests without a token may read this repository; absent (null)
 *       means {@code auth.anonymousRead}</li>
 * </ul>
 * Every other key of the mapping belongs to the format: they bind into {@code options}, the record that
 * {@link FormatCatalog#repositoryOptions} names for this format and type (one without components when the format
 * has no options).
 */
public record RepositoryConfig(String key, String format, RepositoryType type, URI url, String username,
                               String password, @Default("10m") Duration metadataTtl,
                               @Default("1m") Duration negativeTtl, List<String> blocklist,
                               List<String> members, String deployTo, @OptionalSection UpstreamConfig upstream,
                               List<String> tokenRealms, Duration maxUnusedAge, Boolean anonymousRead, Record options) {
    /** The key naming a repository's format, which picks its options record. */
    static final String FORMAT = "format";
    /** The key naming a repository's type, which picks its options record. */
    static final String TYPE = "type";

    /** How long mutable metadata is served without revalidation when {@code metadataTtl} is not set. */
    public static final Duration DEFAULT_METADATA_TTL = Duration.ofMinutes(10);
    /** How long an upstream 404 is remembered when {@code negativeTtl} is not set. */
    public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofMinutes(1);
    /** The grammar of a repository key. */
    public static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** The grammar of a token realm: a DNS host name (realms are allowed by host, whatever their port). */
    private static final Pattern REALM = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    /** A repository whose anonymous reads follow {@code auth.anonymousRead}. */
    public RepositoryConfig(String key, String format, RepositoryType type, URI url, String username, String password,
                            Duration metadataTtl, Duration negativeTtl, List<String> blocklist, List<String> members,
                            String deployTo, UpstreamConfig upstream, List<String> tokenRealms, Duration maxUnusedAge,
                            Record options) {
        this(key, format, type, url, username, password, metadataTtl, negativeTtl, blocklist, members, deployTo, upstream,
                tokenRealms, maxUnusedAge, null, options);
    }

    public RepositoryConfig {
        if (!KEY.matcher(Check.required(key, "key")).matches()) {
            throw new ConfigException("key", Check.quote(key) + " is not a valid repository key (expected " + KEY + ")");
        }
        Check.requiredText(format, "format");
        Check.required(type, "type");
        Check.required(options, "options");
        if (type == RepositoryType.REMOTE) {
            if (url == null) {
                throw new ConfigException("url", "required for a remote repository");
            }
            checkUpstream(url);
            checkCredentials(username, password);
            upstream = upstream == null ? UpstreamConfig.DEFAULTS : upstream;
            tokenRealms = checkRealms(Check.texts(tokenRealms, "tokenRealms"));
            if (maxUnusedAge != null) {
                Check.positive(maxUnusedAge, "maxUnusedAge");
            }
        } else {
            onlyOnRemote(url, "url", "an upstream url");
            onlyOnRemote(username, "username", "upstream credentials");
            onlyOnRemote(password, "password", "upstream credentials");
            onlyOnRemote(upstream, "upstream", "upstream settings");
            tokenRealms = Check.texts(tokenRealms, "tokenRealms");
            if (!tokenRealms.isEmpty()) {
                throw new ConfigException("tokenRealms", "only a remote repository has token realms");
            }
            if (maxUnusedAge != null) {
                throw new ConfigException("maxUnusedAge", "only a remote repository's cached content is evicted "
                        + "(a " + type.toString().toLowerCase(Locale.ROOT) + " repository keeps all of its content)");
            }
        }
        Check.notNegative(metadataTtl, "metadataTtl");
        Check.notNegative(negativeTtl, "negativeTtl");
        blocklist = Check.texts(blocklist, "blocklist");
        members = Check.texts(members, "members");
        if (type == RepositoryType.VIRTUAL) {
            checkMembers(key, members, deployTo);
        } else if (!members.isEmpty()) {
            throw new ConfigException("members", "only a virtual repository has members");
        } else if (deployTo != null) {
            throw new ConfigException("deployTo", "only a virtual repository has deployTo");
        }
    }

    /** A remote repository of {@code url}, without credentials or token realms, with the default TTLs and upstream settings. */
    public static RepositoryConfig remote(String key, String format, URI url, Record options) {
        return new RepositoryConfig(key, format, RepositoryType.REMOTE, url, null, null,
                DEFAULT_METADATA_TTL, DEFAULT_NEGATIVE_TTL, List.of(), List.of(), null, UpstreamConfig.DEFAULTS,
                List.of(), null, options);
    }

    /** A local repository with the default TTLs. */
    public static RepositoryConfig local(String key, String format, Record options) {
        return new RepositoryConfig(key, format, RepositoryType.LOCAL, null, null, null,
                DEFAULT_METADATA_TTL, DEFAULT_NEGATIVE_TTL, List.of(), List.of(), null, null, List.of(), null, options);
    }

    /** A virtual repository over {@code members}, in order; {@code deployTo} may be null. */
    public static RepositoryConfig virtual(String key, String format, List<String> members, String deployTo,
                                           Record options) {
        return new RepositoryConfig(key, format, RepositoryType.VIRTUAL, null, null, null,
                DEFAULT_METADATA_TTL, DEFAULT_NEGATIVE_TTL, List.of(), members, deployTo, null, List.of(), null, options);
    }

    /** The format's options of this repository, as the record its format binds them into; fails on another type. */
    public <T extends Record> T options(Class<T> type) {
        if (!type.isInstance(options)) {
            throw new IllegalStateException("repository " + key + " (" + format + " " + this.type + ") has options "
                    + options.getClass().getName() + ", not " + type.getName());
        }
        return type.cast(options);
    }

    /** Prints every field but the password, and masks credentials in the url. */
    @Override
    public String toString() {
        return "RepositoryConfig[key=" + key + ", format=" + format + ", type=" + type
                + ", url=" + Redaction.url(url) + ", username=" + username + ", password=" + Redaction.secret(password)
                + ", metadataTtl=" + DurationSyntax.format(metadataTtl) + ", negativeTtl=" + DurationSyntax.format(negativeTtl)
                + ", blocklist=" + blocklist + ", members=" + members + ", deployTo=" + deployTo
                + ", upstream=" + upstream + ", tokenRealms=" + tokenRealms
                + ", maxUnusedAge=" + (maxUnusedAge == null ? null : DurationSyntax.format(maxUnusedAge))
                + ", anonymousRead=" + anonymousRead
                + ", options=" + options + "]";
    }

    private static void checkUpstream(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new ConfigException("url", Check.quote(Redaction.url(url)) + " is not an absolute http(s) URL");
        }
        // The upstream client sends the URL as it is: user info in it would reach no Authorization header.
        if (url.getRawUserInfo() != null) {
            throw new ConfigException("url", Check.quote(Redaction.url(url))
                    + " carries credentials (expected them in username and password)");
        }
    }

    private static List<String> checkRealms(List<String> realms) {
        for (int i = 0; i < realms.size(); i++) {
            String realm = realms.get(i);
            if (!REALM.matcher(realm).matches()) {
                throw new ConfigException("tokenRealms[" + i + "]", Check.quote(realm)
                        + " is not a host name (expected e.g. auth.example.com, without scheme, port or path)");
            }
        }
        return realms;
    }

    private static void checkCredentials(String username, String password) {
        if (username == null && password != null) {
            throw new ConfigException("username", "required with password");
        }
        if (username == null) {
            return;
        }
        Check.requiredText(username, "username");
        if (username.indexOf(':') >= 0) {
            throw new ConfigException("username", "must not contain ':' (HTTP Basic cannot carry it)");
        }
        if (password == null) {
            throw new ConfigException("password", "required with username");
        }
    }

    private static void onlyOnRemote(Object value, String key, String what) {
        if (value != null) {
            throw new ConfigException(key, "only a remote repository has " + what);
        }
    }

    private static void checkMembers(String key, List<String> members, String deployTo) {
        if (members.isEmpty()) {
            throw new ConfigException("members", "required for a virtual repository (at least one member)");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < members.size(); i++) {
            String member = members.get(i);
            if (member.equals(key)) {
                throw new ConfigException("members[" + i + "]", "a repository cannot be its own member");
            }
            if (!seen.add(member)) {
                throw new ConfigException("members[" + i + "]", Check.quote(member) + " is listed twice");
            }
        }
        if (deployTo != null && !members.contains(deployTo)) {
            throw new ConfigException("deployTo", Check.quote(deployTo) + " is not a member of this repository");
        }
    }
}
