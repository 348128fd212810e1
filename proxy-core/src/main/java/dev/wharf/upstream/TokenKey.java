package dev.wharf.upstream;

/** What a cached bearer token is for: realm, service, scope and the account (empty strings when absent). */
record TokenKey(String realm, String service, String scope, String username) {
}
