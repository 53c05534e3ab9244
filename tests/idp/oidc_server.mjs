// A real OpenID Connect provider for the tests: panva's oidc-provider (a certified
// implementation), configured like a municipality's broker. It stands in for NemLog-in (MitID)
// in the citizen's login tests; nothing in it is mocked.
//
// Usage: node oidc_server.mjs  with the environment:
//   PORT           port on 127.0.0.1
//   CLIENTS        JSON list of oidc-provider client metadata
//   ACCOUNTS       JSON object: login name -> claims (sub is the login name unless given)
//   ACCOUNTS_FILE  or a JSON file with that object, read at every look-up (so a test can take a
//                  user out of a group between two logins)
//   CLAIMS_IN      "userinfo" (default: scope claims only from the UserInfo endpoint, as the
//                  standard says) or "id_token" (the broker also puts them in the ID token)
//   EXTRA_SCOPES   JSON object: scope -> list of claims
import { readFileSync } from "node:fs";
import Provider from "oidc-provider";

const port = Number(process.env.PORT || 0);
const issuer = `http://127.0.0.1:${port}`;
const accounts = () =>
  process.env.ACCOUNTS_FILE
    ? JSON.parse(readFileSync(process.env.ACCOUNTS_FILE, "utf8"))
    : JSON.parse(process.env.ACCOUNTS || "{}");
const scopes = JSON.parse(process.env.EXTRA_SCOPES || "{}");

const provider = new Provider(issuer, {
  clients: JSON.parse(process.env.CLIENTS || "[]"),
  claims: { openid: ["sub"], ...scopes },
  scopes: ["openid", ...Object.keys(scopes)],
  conformIdTokenClaims: (process.env.CLAIMS_IN || "userinfo") !== "id_token",
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  findAccount: async (ctx, id) => {
    if (!(id in accounts())) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...accounts()[id] }) };
  },
  loadExistingGrant: async (ctx) => {
    // Consent is given once per login here, as a broker does for a first-party client.
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(["openid", ...Object.keys(scopes)].join(" "));
    for (const claims of Object.values(scopes)) grant.addOIDCClaims(claims);
    await grant.save();
    return grant;
  },
});
provider.listen(port, "127.0.0.1", () => {
  process.stdout.write(`ready ${issuer}\n`);
});
