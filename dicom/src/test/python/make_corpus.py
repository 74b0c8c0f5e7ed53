#!/usr/bin/python3
"""Generates the interop test corpus for the dicom module, at test time, into OUTDIR.

Every object is written by a real peer (pydicom, or dcmtk's dump2dcm), never by Zorgbrug, and
beside each file NAME.dcm this writes NAME.json: the DICOM JSON model (PS3.18 F.2) of the data
set as pydicom reads it back. The Java tests compare what our reader sees with that.

Coverage: implicit/explicit little endian, explicit big endian, deflated and encapsulated
transfer syntaxes (JPEG, JPEG-LS, JPEG 2000, RLE, HTJ2K, MPEG-4); ISO_IR 100, ISO_IR 192 and
ISO 2022 IR 6/IR 100 with Dutch names; private tags; nested sequences of undefined and defined
length; multi-frame; SR and encapsulated PDF. All patients are fictitious; BSNs are test values.

Usage: make_corpus.py OUTDIR
"""
import json
import os
import subprocess
import sys

import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.sequence import Sequence
from pydicom.uid import (ImplicitVRLittleEndian, ExplicitVRLittleEndian, ExplicitVRBigEndian,
                         DeflatedExplicitVRLittleEndian, generate_uid)

OUT = sys.argv[1]
ROOT = "2.25.99"
BSN_OID = "2.16.840.1.113883.2.4.6.3"

NAMES = {
    # charset -> (Specific Character Set value, patient name)
    "latin1": ("ISO_IR 100", "Ëlla^de Vries"),
    "utf8": ("ISO_IR 192", "Jürgen^van Dijk"),
    "iso2022": (["ISO 2022 IR 6", "ISO 2022 IR 100"], "Jürgen^van Dijk^Ëlla"),
}

SYNTAXES = {
    "implicit": ImplicitVRLittleEndian,
    "explicit": ExplicitVRLittleEndian,
    "bigendian": ExplicitVRBigEndian,
    "deflated": DeflatedExplicitVRLittleEndian,
}

ENCAPSULATED = {
    "jpeg": "1.2.840.10008.1.2.4.50",
    "jpegls": "1.2.840.10008.1.2.4.80",
    "j2k": "1.2.840.10008.1.2.4.90",
    "rle": "1.2.840.10008.1.2.5",
    "htj2k": "1.2.840.10008.1.2.4.201",
    "mpeg4": "1.2.840.10008.1.2.4.102",
}

counter = [0]

# pydicom 2.3 predates HTJ2K (2023); tell it these UIDs are (compressed) transfer syntaxes.
for _uid, _name in (("1.2.840.10008.1.2.4.201", "HTJ2KLossless"), ("1.2.840.10008.1.2.4.102", "MPEG4HP41")):
    if _uid not in pydicom.uid.UID_dictionary:
        pydicom.uid.UID_dictionary[_uid] = (_name, "Transfer Syntax", "", "", _name)


def uid():
    counter[0] += 1
    return "%s.%d" % (ROOT, counter[0])


def base(sop_class, charset="latin1"):
    ds = Dataset()
    cs, name = NAMES[charset]
    ds.SpecificCharacterSet = cs
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = uid()
    ds.StudyDate = "20261125"
    ds.StudyTime = "101500.123"
    ds.AccessionNumber = "ACC%04d" % counter[0]
    ds.Modality = "CT"
    ds.InstitutionName = "Ziekenhuis Test"
    ds.PatientName = name
    ds.PatientID = "LOC%05d" % counter[0]
    ds.IssuerOfPatientID = "2.16.528.1.1007.99.%d" % counter[0]
    ds.PatientBirthDate = "19700101"
    ds.PatientSex = "F"
    ds.PatientAge = "056Y"
    ds.PatientWeight = "71.5"
    bsn = Dataset()
    bsn.PatientID = "999911120"
    bsn.IssuerOfPatientID = BSN_OID
    bsn.TypeOfPatientID = "TEXT"
    q = Dataset()
    q.UniversalEntityID = BSN_OID
    q.UniversalEntityIDType = "ISO"
    bsn.IssuerOfPatientIDQualifiersSequence = Sequence([q])
    local = Dataset()
    local.PatientID = ds.PatientID
    local.IssuerOfPatientID = ds.IssuerOfPatientID
    local.TypeOfPatientID = "TEXT"
    ds.OtherPatientIDsSequence = Sequence([local, bsn])
    ds.StudyInstanceUID = uid()
    ds.SeriesInstanceUID = uid()
    ds.InstanceNumber = "1"
    ds.ImagePositionPatient = ["-125.0", "-125.5", "30"]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.StudyDescription = "CT hersenen, spoed (één keer)"  # non-ASCII in LO
    # Private block with creator, as PS3.5 7.8.1 describes.
    block = ds.private_block(0x0009, "ZORGBRUG TEST", create=True)
    block.add_new(0x10, "LO", "privé waarde")
    block.add_new(0x11, "UL", 123456)
    block.add_new(0x12, "OB", b"\x01\x02\x03\x04")
    return ds


def image(ds, rows=8, cols=8, frames=1, bits=16):
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = rows
    ds.Columns = cols
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.BitsAllocated = bits
    ds.BitsStored = 12 if bits == 16 else 8
    ds.HighBit = ds.BitsStored - 1
    ds.PixelRepresentation = 0
    ds.RescaleIntercept = "-1024"
    ds.RescaleSlope = "1"
    ds.WindowCenter = ["40", "400"]
    ds.WindowWidth = ["80", "1500"]
    n = rows * cols * frames * (bits // 8)
    ds.PixelData = bytes((i * 7) % 256 for i in range(n))
    return ds


def save(ds, name, ts_uid, little=True, implicit=False, like_original=False):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ts_uid
    meta.ImplementationClassUID = "2.25.99.1"
    # Complete the meta as PS3.10 7.1 requires (group length, version), also when writing "like original".
    meta.FileMetaInformationGroupLength = 0  # pydicom recomputes it on write
    pydicom.dataset.validate_file_meta(meta, enforce_standard=True)
    fds = FileDataset(name, ds, file_meta=meta, preamble=b"\0" * 128)
    fds.is_little_endian = little
    fds.is_implicit_VR = implicit
    path = os.path.join(OUT, name + ".dcm")
    # pydicom 2.3 does not know the newest syntaxes (HTJ2K); write those "like original".
    fds.save_as(path, write_like_original=like_original)
    expect(path)


def expect(path):
    ds = pydicom.dcmread(path)
    with open(path[:-4] + ".json", "w") as f:
        json.dump(ds.to_json_dict(bulk_data_threshold=1 << 30), f, ensure_ascii=False, indent=1)


def pydicom_files():
    for tsname, ts in SYNTAXES.items():
        for charset in NAMES:
            ds = image(base("1.2.840.10008.5.1.4.1.1.2", charset))
            save(ds, "pydicom-%s-%s" % (tsname, charset), ts,
                 little=ts != ExplicitVRBigEndian, implicit=ts == ImplicitVRLittleEndian)
    for name, ts in ENCAPSULATED.items():
        ds = base("1.2.840.10008.5.1.4.1.1.7", "utf8")
        image(ds, 4, 4, frames=2, bits=8)
        ds.PixelData = encapsulate([b"\xff\xd8frame-one\xff\xd9", b"\xff\xd8frame-two!\xff\xd9"], has_bot=True)
        ds["PixelData"].VR = "OB"
        ds["PixelData"].is_undefined_length = True
        save(ds, "pydicom-encapsulated-" + name, ts, like_original=True)
    # Multi-frame, explicit LE.
    save(image(base("1.2.840.10008.5.1.4.1.1.2.1", "latin1"), 16, 16, frames=5), "pydicom-multiframe", ExplicitVRLittleEndian)
    # Structured report: content tree nested three levels deep.
    sr = base("1.2.840.10008.5.1.4.1.1.88.11", "utf8")
    sr.Modality = "SR"
    sr.ValueType = "CONTAINER"
    sr.ContinuityOfContent = "SEPARATE"
    concept = Dataset()
    concept.CodeValue = "18782-3"
    concept.CodingSchemeDesignator = "LN"
    concept.CodeMeaning = "Radiology Study observation"
    sr.ConceptNameCodeSequence = Sequence([concept])
    leaf = Dataset()
    leaf.RelationshipType = "CONTAINS"
    leaf.ValueType = "TEXT"
    leaf.TextValue = "Geen afwijkingen. Één bevinding\r\nop twee regels."
    leaf.ConceptNameCodeSequence = Sequence([concept])
    mid = Dataset()
    mid.RelationshipType = "CONTAINS"
    mid.ValueType = "CONTAINER"
    mid.ContinuityOfContent = "SEPARATE"
    mid.ContentSequence = Sequence([leaf, leaf])
    sr.ContentSequence = Sequence([mid])
    save(sr, "pydicom-sr", ExplicitVRLittleEndian)
    save(sr, "pydicom-sr-implicit", ImplicitVRLittleEndian, implicit=True)
    # Encapsulated PDF.
    pdf = base("1.2.840.10008.5.1.4.1.1.104.1", "latin1")
    pdf.Modality = "DOC"
    pdf.MIMETypeOfEncapsulatedDocument = "application/pdf"
    pdf.DocumentTitle = "Verwijsbrief"
    pdf.EncapsulatedDocument = b"%PDF-1.4\n% fictitious test document\n%%EOF\n"
    save(pdf, "pydicom-pdf", ExplicitVRLittleEndian)


DUMP = """# Fictitious test patient; dcmtk dump2dcm input
(0002,0010) UI =LittleEndianExplicit
(0008,0005) CS [ISO_IR 100]
(0008,0016) UI =CTImageStorage
(0008,0018) UI [{uid}]
(0008,0020) DA [20261125]
(0008,0060) CS [CT]
(0010,0010) PN [{name}]
(0010,0020) LO [DCMTK0001]
(0010,0021) LO [2.16.528.1.1007.99.7]
(0010,0030) DA [19811231]
(0010,1000) LO [999911120]
(0010,1002) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=3)
    (0010,0020) LO [999911120]
    (0010,0021) LO [2.16.840.1.113883.2.4.6.3]
    (0010,0022) CS [TEXT]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encoding)
(0011,0010) LO [DCMTK PRIVATE]
(0011,1001) SH [waarde]
(0020,000d) UI [{study}]
(0020,000e) UI [{series}]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 4
(0028,0011) US 4
(0028,0100) US 16
(0028,0101) US 16
(0028,0102) US 15
(0028,0103) US 0
(7fe0,0010) OW 0001\\0002\\0003\\0004\\0005\\0006\\0007\\0008\\0009\\000a\\000b\\000c\\000d\\000e\\000f\\0010
"""


def dcmtk_files():
    options = {
        "explicit": ["+te"], "implicit": ["+ti"], "bigendian": ["+tb"], "deflated": ["+td"],
        "explicit-undefined": ["+te", "-e"],
    }
    for name, opts in options.items():
        dump = os.path.join(OUT, "dcmtk-%s.txt" % name)
        with open(dump, "w", encoding="latin-1") as f:
            f.write(DUMP.format(uid=uid(), study=uid(), series=uid(), name="Ëlla^de Vries"))
        path = os.path.join(OUT, "dcmtk-%s.dcm" % name)
        subprocess.run(["dump2dcm", "-q"] + opts + [dump, path], check=True)
        os.remove(dump)
        expect(path)


os.makedirs(OUT, exist_ok=True)
pydicom_files()
dcmtk_files()
print(len([f for f in os.listdir(OUT) if f.endswith(".dcm")]), "files in", OUT)
