package nl.zorgbrug.app.security;

/**
 * A login through the identity provider that the node refused, for the audit trail: the person when the provider
 * named one (a token without a mapped role), otherwise null (the provider answered with an error, the answer did not
 * fit the request, the token did not verify).
 *
 * @param person        who the token names, or null
 * @param reason        why, in a sentence (the OAuth 2.0 error code and description; never a token)
 * @param remoteAddress the browser's address
 */
public record OidcLoginRefused(TokenClaims.TokenPerson person, String reason, String remoteAddress) {
}
