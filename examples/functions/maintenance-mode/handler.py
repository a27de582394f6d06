"""Keeps VMware Aria Operations (vRealize Operations) maintenance in step with vCenter's host maintenance mode.

EnteredMaintenanceModeEvent -> PUT    /suite-api/api/resources/{id}/maintained   (alerts for the host are paused)
ExitMaintenanceModeEvent    -> DELETE /suite-api/api/resources/{id}/maintained

{id} is the Aria Operations HostSystem resource with the host's name (narrowed by the vCenter object id, host-NN,
when several share the name). Other events are answered 204 and ignored. Settings come from the environment (see
README.md); the password and the API token are never logged.
"""

import json
import logging
import os
import ssl
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from cloudevents_http import serve  # noqa: E402

log = logging.getLogger("maintenance-mode")

ENTERED = "EnteredMaintenanceModeEvent"
EXITED = "ExitMaintenanceModeEvent"


class Unreachable(Exception):
    """Aria Operations could not be reached: the router should hold the event and retry (503)."""


class ApiError(Exception):
    """Aria Operations answered with an error status."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


class SuiteApi:
    """The few calls of the Aria Operations suite-api this function needs, with a cached token."""

    def __init__(self, base_url, username, password, auth_source=None, scheme="vRealizeOpsToken",
                 context=None, timeout=10.0):
        self.base = base_url.rstrip("/")
        if self.base.endswith("/suite-api"):
            self.base = self.base[:-len("/suite-api")]
        self.username = username
        self.password = password
        self.auth_source = auth_source
        self.scheme = scheme
        self.context = context
        self.timeout = timeout
        self.token = None
        self.token_expires = 0.0
        self.lock = threading.Lock()

    def _request(self, method, path, query=None, body=None, authorized=True):
        url = self.base + "/suite-api/api" + path
        if query:
            url += "?" + urllib.parse.urlencode(query, doseq=True)
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if authorized:
            headers["Authorization"] = "%s %s" % (self.scheme, self._token())
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout, context=self.context) as response:
                text = response.read().decode("utf-8")
                return json.loads(text) if text.strip() else None
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")[:300]
            raise ApiError(error.code, "%s %s: %d %s" % (method, path, error.code, detail.strip()))
        except (urllib.error.URLError, OSError) as error:
            raise Unreachable("%s: %s" % (self.base, getattr(error, "reason", error)))

    def _token(self):
        with self.lock:
            if self.token is None or time.time() > self.token_expires - 60:
                credentials = {"username": self.username, "password": self.password}
                if self.auth_source:
                    credentials["authSource"] = self.auth_source
                answer = self._request("POST", "/auth/token/acquire", body=credentials, authorized=False)
                self.token = answer["token"]
                # validity: the expiry in epoch milliseconds; without it, assume the documented 6 hours.
                self.token_expires = answer.get("validity", (time.time() + 6 * 3600) * 1000) / 1000.0
                log.info("acquired an Aria Operations API token for %s", self.username)
            return self.token

    def call(self, method, path, query=None):
        """A call with the token; an expired or revoked token (401) is acquired again once."""
        try:
            return self._request(method, path, query)
        except ApiError as error:
            if error.status != 401:
                raise
            with self.lock:
                self.token = None
            return self._request(method, path, query)

    def host_ids(self, name, moref=None):
        """The ids of the HostSystem resources named exactly {name} (case-insensitive)."""
        answer = self.call("GET", "/resources", {"name": name, "resourceKind": "HostSystem",
                                                 "adapterKind": "VMWARE", "pageSize": 50}) or {}
        found = [r for r in answer.get("resourceList", [])
                 if r.get("resourceKey", {}).get("name", "").lower() == name.lower()]
        if len(found) > 1 and moref:
            same_object = [r for r in found if _object_id(r) == moref]
            found = same_object or found
        return [r["identifier"] for r in found]

    def maintain(self, resource_id, duration_minutes=None):
        query = {"duration": duration_minutes} if duration_minutes else None
        self.call("PUT", "/resources/%s/maintained" % urllib.parse.quote(resource_id), query)

    def unmaintain(self, resource_id):
        self.call("DELETE", "/resources/%s/maintained" % urllib.parse.quote(resource_id))


def _object_id(resource):
    for identifier in resource.get("resourceKey", {}).get("resourceIdentifiers", []):
        if identifier.get("identifierType", {}).get("name") == "VMEntityObjectID":
            return identifier.get("value")
    return None


def handler_for(api, duration_minutes=None):
    def handle(event):
        name = event.name()
        if name not in (ENTERED, EXITED):
            return 204, None
        data = event.json() or {}
        host = (data.get("Host") or {}).get("Name")
        if not host:
            return 400, "%s %s has no Host.Name in its data" % (name, event.get("id"))
        moref = ((data.get("Host") or {}).get("Host") or {}).get("Value")
        try:
            ids = api.host_ids(host, moref)
            if not ids:
                # Not retried (4xx): the router dead-letters it, and the viewer shows why.
                return 422, "no HostSystem named %s in Aria Operations" % host
            for resource_id in ids:
                if name == ENTERED:
                    api.maintain(resource_id, duration_minutes)
                else:
                    api.unmaintain(resource_id)
        except Unreachable as error:
            log.warning("%s for %s: Aria Operations unreachable: %s", name, host, error)
            return 503, "Aria Operations unreachable"
        except ApiError as error:
            log.warning("%s for %s: %s", name, host, error)
            # Its 5xx may pass (retry); its 4xx (rights, bad request) will not: let the event be dead-lettered.
            return (502 if error.status >= 500 else 424), str(error)
        action = "maintained" if name == ENTERED else "no longer maintained"
        log.info("%s: host %s (%s) %s in Aria Operations: %s", name, host, moref, action, ", ".join(ids))
        return 200, {"host": host, "resources": ids, "maintained": name == ENTERED}

    return handle


def from_environment():
    """The function configured from its environment (a Kubernetes Secret, or a shell)."""
    password = os.environ.get("VROPS_PASSWORD")
    password_file = os.environ.get("VROPS_PASSWORD_FILE")
    if password_file:
        with open(password_file, encoding="utf-8") as file:
            password = file.read().strip()
    missing = [name for name, value in (("VROPS_URL", os.environ.get("VROPS_URL")),
                                        ("VROPS_USERNAME", os.environ.get("VROPS_USERNAME")),
                                        ("VROPS_PASSWORD or VROPS_PASSWORD_FILE", password)) if not value]
    if missing:
        sys.exit("maintenance-mode: set " + ", ".join(missing))
    context = None
    if os.environ.get("VROPS_INSECURE", "false").lower() == "true":
        context = ssl._create_unverified_context()  # self-signed appliance certificates, by explicit choice
    elif os.environ.get("VROPS_CA_FILE"):
        context = ssl.create_default_context(cafile=os.environ["VROPS_CA_FILE"])
    api = SuiteApi(os.environ["VROPS_URL"], os.environ["VROPS_USERNAME"], password,
                   auth_source=os.environ.get("VROPS_AUTH_SOURCE") or None,
                   scheme=os.environ.get("VROPS_TOKEN_SCHEME", "vRealizeOpsToken"), context=context,
                   timeout=float(os.environ.get("VROPS_TIMEOUT_SECONDS", "10")))
    duration = os.environ.get("MAINTENANCE_DURATION_MINUTES")
    return handler_for(api, int(duration) if duration else None)


if __name__ == "__main__":
    serve(from_environment())
