"""Reads DICOM files with pydicom and prints, per file, one tab-separated line with the patient attributes:
file, transfer syntax, Patient ID, Issuer, qualifiers' Universal Entity ID and type, Patient's Name,
Other Patient IDs Sequence as id@issuer joined by '|', Original Attributes Sequence items as
reason/system/previous Patient ID joined by '|', and the number of Pixel Data bytes. Absent values are "-".

Usage: pydicom_read.py FILE...
Any warning is an error, so a file pydicom only half understands fails the test.
"""
import sys
import warnings

warnings.simplefilter("error")
import pydicom
import pydicom.config

pydicom.config.settings.reading_validation_mode = pydicom.config.RAISE


def text(value):
    return "-" if value is None or value == "" else str(value)


def issuer_of(item):
    q = item.get("IssuerOfPatientIDQualifiersSequence")
    return [text(item.get("PatientID")), text(item.get("IssuerOfPatientID")),
            text(q[0].get("UniversalEntityID") if q else None), text(q[0].get("UniversalEntityIDType") if q else None)]


for path in sys.argv[1:]:
    ds = pydicom.dcmread(path)
    ds.decode()
    others = "|".join("%s@%s" % (text(i.get("PatientID")), text(i.get("IssuerOfPatientID")))
                      for i in ds.get("OtherPatientIDsSequence", []))
    original = "|".join("%s/%s/%s" % (text(i.get("ReasonForTheAttributeModification")), text(i.get("ModifyingSystem")),
                                      text(i.ModifiedAttributesSequence[0].get("PatientID")))
                        for i in ds.get("OriginalAttributesSequence", []))
    fields = [path, str(ds.file_meta.TransferSyntaxUID)] + issuer_of(ds) + [
        str(ds.PatientName), text(others), text(original), str(len(ds.PixelData))]
    sys.stdout.buffer.write(("\t".join(fields) + "\n").encode("utf-8"))
