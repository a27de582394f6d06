"""A test function that reads events the way VEBA's Python examples did, to show that they keep working.

kn-py-slack put id, source, type, subject and time, and the data's Key, UserName, Datacenter, Host and Vm names and
FullFormattedMessage into its message; kn-py-vm-attr required the JSON content type and read the VM's reference, the
user and the type (VEBA v0.8's com.vmware.vsphere.<Class>.v0). A missing field fails them as it failed those: 400.
kn-py-echo's shape (every attribute and the data) is examples/functions/echo.
"""

import json
import logging
import os
import sys

sys.path.insert(0, os.environ["FUNCTIONS_LIB"])
from cloudevents_http import serve  # noqa: E402

log = logging.getLogger("shapes")


def slack_message(event, data):
    return {"id": event["id"], "source": event["source"], "type": event["type"], "subject": event["subject"],
            "time": event["time"], "key": data["Key"], "user": data["UserName"],
            "datacenter": data["Datacenter"]["Name"], "host": data["Host"]["Name"], "vm": data["Vm"]["Name"],
            "message": data["FullFormattedMessage"]}


def vm_attributes(event, data):
    if event.get("datacontenttype", "").lower() != "application/json":
        raise KeyError("datacontenttype")
    powered_on = event["type"] in ("com.vmware.vsphere.DrsVmPoweredOnEvent.v0",
                                   "com.vmware.vsphere.VmPoweredOnEvent.v0")
    return {"moref": data["Vm"]["Vm"]["Value"], "user": data["UserName"], "poweredOn": powered_on}


def handle(event):
    data = event.json()
    try:
        shapes = {"slack": slack_message(event, data), "vmAttr": vm_attributes(event, data)}
    except (KeyError, TypeError) as error:
        log.warning("could not decode cloud event: %r", error)
        return 400, "could not decode cloud event: %r" % error
    print("SHAPES " + json.dumps(shapes, sort_keys=True), flush=True)
    return 204, None


if __name__ == "__main__":
    serve(handle)
