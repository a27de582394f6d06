"""The CloudEvents HTTP binding for small functions, with Python's standard library only.

A function module defines ``handle(event) -> (status, body)`` and calls ``serve(handle)``. Events arrive as HTTP
POSTs in binary mode (attributes in ``ce-`` headers, data as the body; what the event router's knative processor
sends by default) or structured mode (the whole event as ``application/cloudevents+json``). ``GET /healthz`` answers
200 for probes.

The HTTP status a function returns decides what the router does next (Knative's rules): 2xx delivered; 404, 408,
409, 429 and 5xx retried; any other 4xx dead-lettered at once.
"""

import base64
import json
import logging
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

log = logging.getLogger("function")

REQUIRED = ("specversion", "id", "source", "type")
MAX_BODY = 4 * 1024 * 1024


class BadEvent(Exception):
    """The request is not a CloudEvent this binding understands; answered with 400 (or 415)."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


class CloudEvent:
    """An event's attributes (context attributes and extensions, by name) and its data as bytes."""

    def __init__(self, attributes, data):
        self.attributes = attributes
        self.data = data

    def __getitem__(self, name):
        return self.attributes[name]

    def get(self, name, default=None):
        return self.attributes.get(name, default)

    def json(self):
        """The data parsed as JSON, or None when there is none or it is not JSON."""
        if not self.data:
            return None
        try:
            return json.loads(self.data)
        except ValueError:
            return None

    def name(self):
        """The vSphere event class: the subject of the router's events (type com.vmware.event.router/event), or
        the class inside VEBA 0.8 style types (com.vmware.vsphere.<Class>.v0)."""
        event_type = self.get("type", "")
        if event_type.startswith("com.vmware.vsphere.") and event_type.endswith(".v0"):
            return event_type[len("com.vmware.vsphere."):-len(".v0")]
        return self.get("subject") or event_type


def parse(headers, body):
    """Reads a CloudEvent from request headers (a case-insensitive mapping) and the body bytes."""
    content_type = headers.get("Content-Type") or ""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type == "application/cloudevents-batch+json":
        raise BadEvent("batched mode is not supported: send one event per request", 415)
    if media_type.startswith("application/cloudevents"):
        return _structured(body)
    attributes = {}
    for name, value in headers.items():
        if name.lower().startswith("ce-"):
            # Header values are percent-encoded by the binding (spaces, quotes, non-ASCII).
            attributes[name[3:].lower()] = unquote(value)
    if content_type:
        attributes["datacontenttype"] = content_type
    _check(attributes)
    return CloudEvent(attributes, body)


def _structured(body):
    try:
        document = json.loads(body)
    except ValueError as error:
        raise BadEvent("structured event is not JSON: %s" % error)
    if not isinstance(document, dict):
        raise BadEvent("structured event is not a JSON object")
    attributes = {k: v for k, v in document.items() if k not in ("data", "data_base64")}
    if "data_base64" in document:
        data = base64.b64decode(document["data_base64"])
    elif "data" not in document:
        data = b""
    elif isinstance(document["data"], str) and not _is_json(attributes.get("datacontenttype")):
        data = document["data"].encode("utf-8")
    else:
        data = json.dumps(document["data"]).encode("utf-8")
    _check(attributes)
    return CloudEvent(attributes, data)


def _is_json(content_type):
    if not content_type:
        return True
    media_type = content_type.split(";")[0].strip().lower()
    return media_type.endswith("/json") or media_type.endswith("+json")


def _check(attributes):
    missing = [name for name in REQUIRED if not attributes.get(name)]
    if missing:
        raise BadEvent("not a CloudEvent: missing " + ", ".join(missing))
    if attributes["specversion"] != "1.0":
        raise BadEvent("unsupported specversion %s" % attributes["specversion"])


def serve(handle, port=None):
    """Answers POSTs with ``handle(event)``, which returns ``(status, body)``: body None, str or a JSON-able value."""
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO").upper(), stream=sys.stdout,
                        format="%(asctime)s %(levelname)s %(message)s")
    port = int(port or os.environ.get("PORT", "8080"))

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            if self.path.split("?")[0] in ("/healthz", "/health"):
                self._answer(200, "ok")
            else:
                self._answer(404, "not found")

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._answer(413, "body larger than %d bytes" % MAX_BODY)
                return
            body = self.rfile.read(length)
            try:
                event = parse(self.headers, body)
            except BadEvent as error:
                log.warning("refused a request: %s", error)
                self._answer(error.status, str(error))
                return
            try:
                status, answer = handle(event)
            except Exception:  # a bug in the function: say so, and let the router retry
                log.exception("function failed on event %s", event.get("id"))
                status, answer = 500, "function failed"
            self._answer(status, answer)

        def _answer(self, status, body):
            if body is None:
                payload, content_type = b"", None
            elif isinstance(body, str):
                payload, content_type = (body + "\n").encode("utf-8"), "text/plain; charset=utf-8"
            else:
                payload, content_type = json.dumps(body).encode("utf-8"), "application/json"
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format, *args):  # the function logs what matters itself
            pass

    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    server.daemon_threads = True
    log.info("listening on port %d", port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
