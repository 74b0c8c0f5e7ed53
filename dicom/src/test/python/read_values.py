#!/usr/bin/python3
"""Reads every .dcm in DIR with pydicom and prints one JSON object per file with the values the
Java interop tests check, so they can assert what a real peer sees in files Zorgbrug wrote.

Usage: read_values.py DIR
"""
import json
import os
import sys

import pydicom

for name in sorted(os.listdir(sys.argv[1])):
    if not name.endswith(".dcm"):
        continue
    ds = pydicom.dcmread(os.path.join(sys.argv[1], name))
    others = ds.get("OtherPatientIDsSequence", [])
    pixel = ds.get("PixelData")
    print(json.dumps({
        "file": name,
        "PatientName": str(ds.get("PatientName", "")),
        "PatientID": ds.get("PatientID", ""),
        "OtherPatientIDs": [item.get("PatientID", "") for item in others],
        "TransferSyntaxUID": str(ds.file_meta.TransferSyntaxUID),
        "PixelDataLength": len(pixel) if pixel is not None else -1,
        "elements": len(list(ds.iterall())),
    }, ensure_ascii=False))
