// The DevLake setup Job's program: Python's standard library only, so the image is a pinned python image
// and nothing is installed at run time. It is idempotent: it runs at every sync of DevLake's Application (a Sync
// hook, once DevLake is up) and converges DevLake to the config (it never deletes what it did not create).
//
// Verified against apache/incubator-devlake at v1.0.3-beta10 (the appVersion of chart 1.0.3-beta10):
// - backend/server/api/router.go: /api-keys (GET, POST, PUT /:id), /projects (POST, GET/PATCH /:projectName),
//   /blueprints/:id (PATCH); plugin routes are mounted at /plugins/<plugin>/<path>.
// - backend/server/api/api.go: /ready; /proceed-db-migration confirms a pending migration (428 until then).
// - backend/server/api/middlewares.go: only `/rest/...` checks `Authorization: Bearer <key>` against the
//   key's allowedPath (a regular expression over the path without `/rest`).
// - backend/helpers/apikeyhelper/apikeyhelper.go: keys are random and stored as an HMAC; the plain key is
//   returned only by POST /api-keys and PUT /api-keys/:id (which regenerates it).
// - backend/core/models/api_key.go (ApiInputApiKey: name, type, allowedPath, expiredAt),
//   backend/server/api/apikeys/apikeys.go (GET returns {apikeys, count}).
// - backend/plugins/webhook/impl/impl.go: connections, connections/by-name/:connectionName[/deployments,
//   /issues, /issue/:issueKey/close]; webhook/api/connection.go: POST connections {name}.
// - backend/plugins/github/impl/impl.go and models/connection.go: connections {name, endpoint, authMethod:
//   AccessToken, token, rateLimitPerHour, enableGraphql}; PUT connections/:id/scopes {data: [GithubRepo]}
//   with githubId, name, fullName, HTMLUrl, cloneUrl (models/repo.go).
// - backend/core/models/project.go (ApiInputProject: name, description, enable, metrics [{pluginName,
//   enable}]) and server/services/project.go (POST /projects creates the project's blueprint),
//   models/blueprint.go (connections [{pluginName, connectionId, scopes [{scopeId}]}], cronConfig, enable).
// - backend/plugins/github/api/scope_api.go and helpers/pluginhelper/api/ds_scope_api_helper.go: GET
//   connections/:id/scopes?page=&pageSize= (srvhelper/pagination.go: pageSize at most 1000) answers
//   {count, scopes: [{scope: GithubRepo}]}.
//
// A repository DevLake already has as a scope is not looked up on GitHub again: a token may make 5,000 requests
// an hour, and the Job runs at every sync. Only new repositories cost a request; once GitHub refuses for its
// rate limit (429, or 403 with no requests left), the rest wait for the next run and the projects keep the
// scopes they have. If DevLake cannot list its scopes, every repository is looked up, as before.
// test/generators/dora.test.ts runs these functions against fakes of DevLake and GitHub.

export const SETUP_SCRIPT = String.raw`import json, os, ssl, sys, time, urllib.error, urllib.request

LAKE = os.environ.get("DEVLAKE_URL", "")
SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount"
# Read by main(); a test imports the functions without them.
NAMESPACE = None
CONFIG = None
# DevLake's largest page of scopes.
SCOPE_PAGE = 1000


def call(method, url, body=None, headers=None, context=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30, context=context) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        return error.code, None


def lake(method, path, body=None):
    status, payload = call(method, LAKE + path, body)
    if status >= 300:
        sys.exit(f"{method} {path}: HTTP {status}")
    return payload


def wait_ready():
    for _ in range(120):
        try:
            status, _ = call("GET", LAKE + "/ready")
        except OSError:
            status = 0
        if status == 428:
            call("GET", LAKE + "/proceed-db-migration")
        if status == 200:
            return
        time.sleep(5)
    sys.exit("DevLake did not become ready")


# Kubernetes API: the Job's service account may read and write only the API key's Secret.
def kube(method, path, body=None):
    token = open(SERVICE_ACCOUNT + "/token").read().strip()
    secrets = "https://kubernetes.default.svc/api/v1/namespaces/" + NAMESPACE + "/secrets"
    tls = ssl.create_default_context(cafile=SERVICE_ACCOUNT + "/ca.crt")
    return call(method, secrets + path, body, {"Authorization": "Bearer " + token}, tls)


def api_key():
    """The API key of the notifications: kept while DevLake accepts it, otherwise (re)generated."""
    name, secret = CONFIG["apiKey"]["name"], CONFIG["apiKey"]["secret"]
    status, current = kube("GET", "/" + secret)
    if status == 200:
        import base64
        key = base64.b64decode(current["data"]["token"]).decode()
        probe, _ = call("GET", LAKE + "/rest/plugins/webhook/connections/by-name/" + CONFIG["teams"][0]["name"], headers={"Authorization": "Bearer " + key})
        if probe not in (401, 403):
            return
    keys = lake("GET", "/api-keys?page=1&pageSize=500")["apikeys"] or []
    existing = next((k for k in keys if k["name"] == name), None)
    if existing:
        created = lake("PUT", "/api-keys/%d" % existing["id"])
    else:
        created = lake("POST", "/api-keys", {"name": name, "type": "devlake", "allowedPath": CONFIG["apiKey"]["allowedPath"], "expiredAt": None})
    body = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": secret, "namespace": NAMESPACE, "labels": {"app.kubernetes.io/managed-by": "fawkes"}}, "stringData": {"token": created["apiKey"]}}
    status, _ = kube("PUT", "/" + secret, body) if status == 200 else kube("POST", "", body)
    if status >= 300:
        sys.exit(f"writing Secret {secret}: HTTP {status}")


def webhook_connection(team):
    status, connection = call("GET", LAKE + "/plugins/webhook/connections/by-name/" + team)
    if status == 200 and connection:
        return connection["id"]
    return lake("POST", "/plugins/webhook/connections", {"name": team})["id"]


def github_connection():
    token = os.environ.get("GITHUB_TOKEN", "")
    if not token:
        return None
    name = CONFIG["github"]["connection"]
    body = {"name": name, "endpoint": "https://api.github.com/", "authMethod": "AccessToken", "token": token, "rateLimitPerHour": 4500, "enableGraphql": True}
    existing = next((c for c in lake("GET", "/plugins/github/connections") or [] if c["name"] == name), None)
    if existing:
        return lake("PATCH", "/plugins/github/connections/%d" % existing["id"], body)["id"]
    return lake("POST", "/plugins/github/connections", body)["id"]


def known_scopes(connection_id):
    """The connection's scopes in DevLake: GitHub ids by repository (owner/name, in lower case, as GitHub matches).
    What DevLake does not list is looked up on GitHub, as if it had none."""
    known, page = {}, 1
    while True:
        status, payload = call("GET", LAKE + "/plugins/github/connections/%d/scopes?page=%d&pageSize=%d" % (connection_id, page, SCOPE_PAGE))
        if status != 200 or not isinstance(payload, dict):
            print(f"listing the GitHub scopes: HTTP {status}; the repositories not listed are looked up")
            return known
        rows = payload.get("scopes") or []
        for row in rows:
            scope = row.get("scope") or {}
            if scope.get("fullName"):
                known[scope["fullName"].lower()] = scope["githubId"]
        if len(rows) < SCOPE_PAGE:
            return known
        page += 1


GITHUB_API = "https://api.github.com"


def github(path, token):
    """GET from GitHub's API: the status, the payload, and whether GitHub refused for its rate limit (429, or 403
    with no requests left or a Retry-After: a 403 for one repository, SAML SSO say, is that repository's)."""
    request = urllib.request.Request(GITHUB_API + path, headers={"Authorization": "Bearer " + token, "Accept": "application/vnd.github+json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read().decode() or "null"), False
    except urllib.error.HTTPError as error:
        limited = error.code == 429 or (error.code == 403 and (error.headers.get("X-RateLimit-Remaining") == "0" or error.headers.get("Retry-After") is not None))
        return error.code, None, limited


# Set once GitHub refuses for its rate limit: no team asks it again in this run.
GITHUB_LIMITED = None


def github_scopes(connection_id, repos, known):
    """The scope ids of the repositories, in order: known ones as they are, new ones looked up and added."""
    global GITHUB_LIMITED
    token = os.environ["GITHUB_TOKEN"]
    ids, found = [], []
    for full_name in repos:
        if full_name.lower() in known:
            ids.append(str(known[full_name.lower()]))
            continue
        if GITHUB_LIMITED is not None:
            continue
        status, repo, limited = github("/repos/" + full_name, token)
        if limited:
            GITHUB_LIMITED = status
            continue
        if status != 200:
            print(f"skipping {full_name}: GitHub answered HTTP {status}")
            continue
        found.append({"githubId": repo["id"], "connectionId": connection_id, "name": repo["name"], "fullName": repo["full_name"], "HTMLUrl": repo["html_url"], "cloneUrl": repo["clone_url"]})
        known[full_name.lower()] = repo["id"]
        ids.append(str(repo["id"]))
    if found:
        lake("PUT", "/plugins/github/connections/%d/scopes" % connection_id, {"data": found})
    if GITHUB_LIMITED is not None:
        waiting = sum(1 for r in repos if r.lower() not in known)
        print(f"GitHub answered HTTP {GITHUB_LIMITED} (its rate limit): {waiting} repositories wait for the next run")
    return ids


def project(team, webhook_id, github_id, scope_ids):
    name = team["name"]
    body = {"name": name, "description": team["description"], "enable": True, "metrics": [{"pluginName": "dora", "enable": True}]}
    status, _ = call("GET", LAKE + "/projects/" + name)
    lake("PATCH", "/projects/" + name, body) if status == 200 else lake("POST", "/projects", body)
    blueprint = lake("GET", "/projects/" + name)["blueprint"]
    connections = [{"pluginName": "webhook", "connectionId": webhook_id, "scopes": []}]
    if github_id is not None and scope_ids:
        connections.append({"pluginName": "github", "connectionId": github_id, "scopes": [{"scopeId": s} for s in scope_ids]})
    lake("PATCH", "/blueprints/%d" % blueprint["id"], {"connections": connections, "enable": True, "cronConfig": CONFIG["cron"], "mode": "NORMAL"})


def main():
    global NAMESPACE, CONFIG
    NAMESPACE = open(SERVICE_ACCOUNT + "/namespace").read().strip()
    CONFIG = json.load(open("/etc/fawkes/config.json"))
    wait_ready()
    api_key()
    github_id = github_connection()
    known = known_scopes(github_id) if github_id is not None else {}
    for team in CONFIG["teams"]:
        webhook_id = webhook_connection(team["name"])
        scope_ids = github_scopes(github_id, team["repos"], known) if github_id is not None else []
        project(team, webhook_id, github_id, scope_ids)
        print(f"{team['name']}: webhook connection {webhook_id}, {len(scope_ids)} GitHub repositories")


if __name__ == "__main__":
    main()
`;
