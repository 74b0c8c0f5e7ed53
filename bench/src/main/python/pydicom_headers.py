#!/usr/bin/python3
"""Header-only parse with pydicom, the peer of DataToolkitBenchmark: reads every file listed on
stdin with dcmread(stop_before_pixels=True) and prints the count and the seconds it took."""
import sys
import time

import pydicom

paths = [line.strip() for line in sys.stdin if line.strip()]
start = time.perf_counter()
for p in paths:
    ds = pydicom.dcmread(p, stop_before_pixels=True)
    ds.PatientID  # touch a value, as a router would
elapsed = time.perf_counter() - start
print(len(paths), elapsed)
