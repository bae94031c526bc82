#!/usr/bin/env python3
"""Signs requests with botocore, for delta-arc's signature cross-check.

Reads a JSON list of cases on stdin and prints, for each, the URL botocore
would send and the Authorization header it computes. URLs are built with
botocore's own serializer helpers (percent_encode for the {Key+} path,
percent_encode_sequence for the query), so the encoding is botocore's, not
delta-arc's. The signing time is fixed by patching botocore's clock.
"""
import datetime
import json
import sys
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode, percent_encode_sequence


def s3_url(case):
    key_path = percent_encode(case["key"], safe="/~")
    if case["addressing"] == "virtual":
        base = "https://%s.s3.%s.amazonaws.com" % (case["bucket"], case["region"])
    else:
        base = "%s/%s" % (case["endpoint"], percent_encode(case["bucket"]))
    url = base + ("/" + key_path if case["operation"] != "list" else ("/" if case["addressing"] == "virtual" else ""))
    if case.get("query"):
        url += "?" + percent_encode_sequence(sorted(case["query"].items()))
    return url


def sign(case, now):
    credentials = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                              case.get("token") or None)
    if case["service"] == "s3":
        url = s3_url(case)
        signer = botocore.auth.S3SigV4Auth(credentials, "s3", case["region"])
    else:
        url = case["endpoint"] + "/"
        signer = botocore.auth.SigV4Auth(credentials, case["service"], case["region"])
    request = AWSRequest(method=case["method"], url=url, data=case.get("body", "").encode(),
                         headers=dict(case.get("headers", {})))
    patches = []
    if hasattr(botocore.auth, "get_current_datetime"):
        patches.append(mock.patch.object(botocore.auth, "get_current_datetime", return_value=now))
    else:  # older botocore (Debian 12's 1.29) calls datetime.datetime.utcnow()
        fake = mock.MagicMock(wraps=datetime)
        fake.datetime.utcnow.return_value = now
        fake.datetime.strptime = datetime.datetime.strptime
        patches.append(mock.patch.object(botocore.auth, "datetime", fake))
    for p in patches:
        p.start()
    try:
        signer.add_auth(request)
    finally:
        for p in patches:
            p.stop()
    return {"url": url, "authorization": request.headers["Authorization"]}


def main():
    cases = json.load(sys.stdin)
    now = datetime.datetime(2024, 5, 17, 9, 30, 15)
    json.dump([sign(case, now) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()
