"""A stock OpenID Connect relying party, built on Authlib, logging in at `idn-sim serve --sandbox`.

Run by sim/cli/tests/cli.rs (`sandbox_serves_a_stock_openid_client`) with the venv of
`make setup`. It uses Authlib's own relying-party logic, the classes its Flask integration
is made of, without Flask: discovery from the issuer, PKCE S256, a state and a nonce, the
code exchanged with client_secret_basic or client_secret_post, the id_token checked as
Authlib checks it (signature with the JWKS, iss, aud, exp, iat, nonce, at_hash), and
userinfo with the access token. Nothing is added to the authorization request beyond what
Authlib sends (no login_hint, no acr_values): the person types the number on the
provider's page. The browser is played with `requests`: it fills that form, then follows
the waiting page's `<meta http-equiv="refresh">` until the provider redirects back.

    python oidc_client.py ISSUER CLIENT_ID SECRET REDIRECT_URI NUMBER EXPECT [AUTH_METHOD]

EXPECT is `approved` (a full login) or an OAuth error code the provider must redirect
back with (`access_denied`). It prints one JSON object on success and exits 0; on any
failure it prints what went wrong and exits 1.
"""

import html
import json
import re
import sys
import time
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from authlib.integrations.base_client import BaseApp, OAuth2Mixin, OpenIDMixin
from authlib.integrations.requests_client import OAuth2Session

# How long the browser waits for the phone, in real seconds: the sandbox follows real time.
WAIT_S = 60
SCOPE = "openid given_name family_name birthdate"


class RelyingParty(OAuth2Mixin, OpenIDMixin, BaseApp):
    """Authlib's OAuth 2.0 + OpenID Connect client app, as FlaskOAuth2App is, minus Flask."""

    client_cls = OAuth2Session


def fail(message):
    print(f"oidc_client: {message}")
    sys.exit(1)


def form_of(page):
    """The action and the fields of the page's one form, or None."""
    action = re.search(r'<form method="post" action="([^"]+)"', page)
    if not action:
        return None
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    return html.unescape(action.group(1)), {html.unescape(k): html.unescape(v) for k, v in fields}


def browse(start_url, redirect_uri, number):
    """Follows the front channel like a browser until it redirects to `redirect_uri`,
    typing `number` when a page asks it."""
    browser = requests.Session()
    url, form = start_url, None
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if form is None:
            response = browser.get(url, allow_redirects=False, timeout=10)
        else:
            response = browser.post(url, data=form, allow_redirects=False, timeout=10)
            form = None
        if response.is_redirect:
            location = urljoin(url, response.headers["Location"])
            if location.startswith(redirect_uri):
                return location
            url = location
            continue
        if response.status_code != 200:
            fail(f"the front channel answered {response.status_code} at {url}: {response.text[:300]}")
        asked = form_of(response.text)
        if asked:
            action, fields = asked
            url, form = urljoin(url, action), dict(fields, login_hint=number)
            continue
        refresh = re.search(r'http-equiv="refresh" content="(\d+);url=([^"]+)"', response.text)
        if not refresh:
            fail(f"a page with no form, no refresh and no redirect at {url}: {response.text[:300]}")
        time.sleep(int(refresh.group(1)))
        url = urljoin(url, html.unescape(refresh.group(2)))
    fail(f"no redirect back to {redirect_uri} within {WAIT_S} s")


def main():
    if len(sys.argv) not in (7, 8):
        fail(__doc__.strip().splitlines()[-6])
    issuer, client_id, secret, redirect_uri, number, expect = sys.argv[1:7]
    auth_method = sys.argv[7] if len(sys.argv) == 8 else "client_secret_basic"
    rp = RelyingParty(
        framework=None,
        client_id=client_id,
        client_secret=secret,
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": SCOPE,
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": auth_method,
        },
    )
    metadata = rp.load_server_metadata()
    if metadata["issuer"] != issuer:
        fail(f"discovery names the issuer {metadata['issuer']!r}, not {issuer!r}")
    asked = rp.create_authorization_url(redirect_uri)
    back = browse(asked["url"], redirect_uri, number)
    query = {k: v[0] for k, v in parse_qs(urlsplit(back).query).items()}
    if query.get("state") != asked["state"]:
        fail(f"the redirect carries the state {query.get('state')!r}, not the one sent")
    # RFC 9207: the authorization response names its issuer (mix-up defence).
    if query.get("iss") != issuer:
        fail(f"the redirect carries iss {query.get('iss')!r}, not {issuer!r}")
    if expect != "approved":
        if query.get("error") != expect:
            fail(f"expected error={expect}, the redirect was {back}")
        print(json.dumps({"error": query["error"], "state_checked": True, "iss_checked": True}))
        return
    if "code" not in query:
        fail(f"expected a code, the redirect was {back}")
    token = rp.fetch_access_token(
        redirect_uri, code=query["code"], code_verifier=asked["code_verifier"]
    )
    claims = rp.parse_id_token(token, nonce=asked["nonce"])
    userinfo = rp.userinfo(token=token)
    if userinfo["sub"] != claims["sub"]:
        fail(f"userinfo's sub {userinfo['sub']!r} is not the id_token's {claims['sub']!r}")
    print(
        json.dumps(
            {
                "sub": claims["sub"],
                "acr": claims.get("acr"),
                "id_token": {"given_name": claims.get("given_name"), "family_name": claims.get("family_name")},
                "userinfo": {k: userinfo.get(k) for k in ("given_name", "family_name", "birthdate")},
                "token_type": token.get("token_type"),
                "auth_method": auth_method,
            },
            sort_keys=True,
        )
    )


if __name__ == "__main__":
    main()
