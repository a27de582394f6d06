"""Echo: logs every event it receives (attributes, then the data pretty-printed) and answers 204.

The router's counterpart of VEBA's kn-py-echo: deploy it first, to see what the events look like.
"""

import json
import logging
import os
import sys

# lib/ next to this directory when run from the repository; the same directory in the container image.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from cloudevents_http import serve  # noqa: E402

log = logging.getLogger("echo")


def handle(event):
    lines = ["event %s (%s) from %s" % (event.name(), event.get("type"), event.get("source"))]
    for name in sorted(event.attributes):
        lines.append("  %s: %s" % (name, event.attributes[name]))
    data = event.json()
    if data is not None:
        lines.append("  data:")
        lines.extend("    " + line for line in json.dumps(data, indent=2, sort_keys=False).splitlines())
    elif event.data:
        lines.append("  data (%d bytes): %r" % (len(event.data), event.data[:2048]))
    log.info("\n".join(lines))
    return 204, None


if __name__ == "__main__":
    serve(handle)
