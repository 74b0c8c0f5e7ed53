"""Writes the pydicom half of the BSN test corpus: one local object per transfer syntax and character set.

Usage: pydicom_corpus.py OUT_DIR LOCAL_ISSUER
Fictitious patients; the BSN test values are not written here (local objects carry only local numbers).
"""
import os
import sys

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import generate_uid

out, local_issuer = sys.argv[1], sys.argv[2]
SYNTAXES = [
    ("implicit", "1.2.840.10008.1.2", True, True),
    ("explicit", "1.2.840.10008.1.2.1", False, True),
    ("bigendian", "1.2.840.10008.1.2.2", False, False),
    ("deflated", "1.2.840.10008.1.2.1.99", False, True),
    ("jpeg", "1.2.840.10008.1.2.4.50", False, True),
]
PATIENTS = [
    ("latin1", "ISO_IR 100", "Müller^Zoë", "L100", "19800101", "F"),
    ("utf8", "ISO_IR 192", "Øster^Łukasz", "L200", "19900202", "M"),
]
SC = "1.2.840.10008.5.1.4.1.1.7"  # Secondary Capture Image Storage
os.makedirs(out, exist_ok=True)
for ts_name, ts, implicit, little in SYNTAXES:
    for cs_name, charset, name, pid, birth, sex in PATIENTS:
        uid = generate_uid()
        ds = Dataset()
        ds.SpecificCharacterSet = charset
        ds.SOPClassUID = SC
        ds.SOPInstanceUID = uid
        ds.StudyDate = "20261125"
        ds.Modality = "OT"
        ds.PatientName = name
        ds.PatientID = pid
        ds.IssuerOfPatientID = local_issuer
        ds.PatientBirthDate = birth
        ds.PatientSex = sex
        ds.StudyInstanceUID = generate_uid()
        ds.SeriesInstanceUID = generate_uid()
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.Rows = 4
        ds.Columns = 4
        ds.BitsAllocated = 8 if ts_name == "jpeg" else 16
        ds.BitsStored = ds.BitsAllocated
        ds.HighBit = ds.BitsAllocated - 1
        ds.PixelRepresentation = 0
        if ts_name == "jpeg":
            # Not a decodable JPEG: the tests only check that fragments pass through untouched.
            ds.PixelData = encapsulate([b"\xff\xd8\x01\x02\x03\x04\xff\xd9"])
            ds["PixelData"].VR = "OB"
            ds["PixelData"].is_undefined_length = True
        else:
            ds.PixelData = bytes(range(32))
            ds["PixelData"].VR = "OW"
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = SC
        meta.MediaStorageSOPInstanceUID = uid
        meta.TransferSyntaxUID = ts
        ds.file_meta = meta
        ds.is_implicit_VR = implicit
        ds.is_little_endian = little
        ds.save_as(os.path.join(out, "pydicom-%s-%s.dcm" % (ts_name, cs_name)), write_like_original=False)
