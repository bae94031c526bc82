#!/usr/bin/env python3
"""Uploads a folder to a bucket (key = path below the folder), for the demo's local S3.

Usage: upload_dir_to_s3.py ENDPOINT BUCKET FOLDER  (credentials from AWS_* variables)
"""
import os
import sys

import botocore.session


def main() -> int:
    endpoint, bucket, folder = sys.argv[1:4]
    client = botocore.session.get_session().create_client(
        "s3", region_name=os.environ.get("AWS_REGION", "us-east-1"), endpoint_url=endpoint)
    count = 0
    for directory, _, files in os.walk(folder):
        for name in sorted(files):
            path = os.path.join(directory, name)
            key = os.path.relpath(path, folder).replace(os.sep, "/")
            with open(path, "rb") as body:
                client.put_object(Bucket=bucket, Key=key, Body=body.read())
            count += 1
    print(f"uploaded {count} objects to s3://{bucket}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
