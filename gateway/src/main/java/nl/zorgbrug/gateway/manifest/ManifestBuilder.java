package nl.zorgbrug.gateway.manifest;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.data.Value;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;

/**
 * The study manifest as a standard DICOM object, so any PACS shows it and the later XDS-I.b image index
 * (which publishes KOS manifests) can use it: a Key Object Selection Document (PS3.3 A.35.4) with
 * template TID 2010 (PS3.16). Its title comes from CID 7010 — "For Referring Provider" (113002, DCM) when a
 * referral reason is given, else "Of Interest" (113000, DCM); one TEXT item "Key Object Description"
 * (113012, DCM) carries the remark and the referral reason for the radiologist; the Current Requested
 * Procedure Evidence Sequence (PS3.3 C.17.6.2) and one IMAGE/COMPOSITE/WAVEFORM content item per instance
 * reference every instance of the study as sent.
 *
 * <p>How a receiving Zorgbrug node recognises it (docs/dicom-conformance.md): Manufacturer (0008,0070)
 * "Zorgbrug" and the private block "ZORGBRUG MANIFEST" in group 0029 (PS3.5 7.8.1), which also holds the
 * remark (0029,xx10) and the referral reason (0029,xx11) apart, as UT in UTF-8, so the receiver need not
 * parse the human-readable text. The patient and study attributes are copied from one of the study's own
 * objects; the manifest then passes the route's steps (the BSN swap) like any other instance.
 *
 * <p>The same builder writes the study's <b>XDS-I.b manifest</b> for the image index (issue 20;
 * {@link #buildXdsi}): title (113030, DCM, "Manifest") as RAD TF-3 §4.68.4.1.2.1 requires of a KOS manifest, the
 * Retrieve Location UID (0040,E011) of the Imaging Document Source in every series item of the evidence (the
 * repository a consumer retrieves the instances from by RAD-69), no Key Object Description and no private block:
 * it carries no remark, and a receiving Zorgbrug node must not take a manifest fetched from the index for the
 * delivery manifest of a study sent to it ({@link #isManifest} is false for it). The delivery manifest is unchanged.
 */
public final class ManifestBuilder {
    public static final String KEY_OBJECT_SELECTION = "1.2.840.10008.5.1.4.1.1.88.59";
    public static final String PRIVATE_CREATOR = "ZORGBRUG MANIFEST";
    public static final String MANUFACTURER = "Zorgbrug";

    /** Our private block: creator at (0029,0010), so the elements are (0029,10xx) (PS3.5 7.8.1). */
    static final int PRIVATE_GROUP = 0x0029;
    static final int PRIVATE_BLOCK = 0x10;
    static final int REMARK_OFFSET = 0x10;
    static final int REFERRAL_OFFSET = 0x11;

    /** Patient and study attributes the manifest shares with the study's objects (PS3.3 C.7.1.1, C.7.2.1). */
    private static final int[] COPIED = {Tag.AccessionNumber, Tag.IssuerOfAccessionNumberSequence, Tag.StudyDate,
            Tag.StudyTime, Tag.ReferringPhysicianName, Tag.StudyDescription, Tag.PatientName, Tag.PatientID,
            Tag.IssuerOfPatientID,
            Tag.TypeOfPatientID, Tag.IssuerOfPatientIDQualifiersSequence, Tag.PatientBirthDate, Tag.PatientSex,
            Tag.OtherPatientIDs, Tag.OtherPatientIDsSequence, Tag.StudyInstanceUID, Tag.StudyID};
    /** Type 2 attributes of those modules: present, empty when the source has none. */
    private static final Map<Integer, VR> TYPE2 = new LinkedHashMap<>();

    static {
        TYPE2.put(Tag.AccessionNumber, VR.SH);
        TYPE2.put(Tag.StudyDate, VR.DA);
        TYPE2.put(Tag.StudyTime, VR.TM);
        TYPE2.put(Tag.ReferringPhysicianName, VR.PN);
        TYPE2.put(Tag.PatientName, VR.PN);
        TYPE2.put(Tag.PatientID, VR.LO);
        TYPE2.put(Tag.PatientBirthDate, VR.DA);
        TYPE2.put(Tag.PatientSex, VR.CS);
        TYPE2.put(Tag.StudyID, VR.SH);
    }

    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");

    private ManifestBuilder() {
    }

    /**
     * The manifest as a PS3.10 file in explicit VR little endian.
     *
     * @param source           the head of one of the study's objects (patient and study attributes)
     * @param seriesInstanceUid a new series for the manifest
     * @param created          local date and time of creation (Content Date/Time)
     * @param sourceAeTitle    our AE title, for the File Meta Information
     */
    public static DicomFile build(DataSet source, StudyManifest manifest, String seriesInstanceUid, LocalDateTime created,
                                  String sourceAeTitle) {
        return build(source, manifest, seriesInstanceUid, created, sourceAeTitle, null);
    }

    /**
     * The study's XDS-I.b manifest (RAD TF-3 §4.68.4.1.2.1): as {@link #build}, titled (113030, DCM, "Manifest"), with
     * the Retrieve Location UID in each series of the evidence, without the delivery manifest's remark, referral reason
     * and private block.
     *
     * @param retrieveLocationUid the repositoryUniqueId of the Imaging Document Source that serves the instances
     *                            (RAD TF-3 §4.68.4.1.2.1: "shall be the Repository Unique ID")
     */
    public static DicomFile buildXdsi(DataSet source, StudyManifest manifest, String seriesInstanceUid,
                                      LocalDateTime created, String sourceAeTitle, String retrieveLocationUid) {
        if (retrieveLocationUid == null || retrieveLocationUid.isBlank()) {
            throw new IllegalArgumentException("XDS-I.b manifest " + manifest.sopInstanceUid() + " needs the Retrieve"
                    + " Location UID of its source (RAD TF-3 4.68.4.1.2.1): configure the repositoryUniqueId");
        }
        if (manifest.remark() != null || manifest.referralReason() != null) {
            throw new IllegalArgumentException("XDS-I.b manifest " + manifest.sopInstanceUid() + " carries no remark"
                    + " or referral reason: the index shows it to every consumer; send those with the study instead");
        }
        return build(source, manifest, seriesInstanceUid, created, sourceAeTitle, retrieveLocationUid.strip());
    }

    /** @param retrieveLocationUid null for the delivery manifest; else the XDS-I.b manifest's source */
    private static DicomFile build(DataSet source, StudyManifest manifest, String seriesInstanceUid,
                                   LocalDateTime created, String sourceAeTitle, String retrieveLocationUid) {
        boolean xdsi = retrieveLocationUid != null;
        if (manifest.references().isEmpty()) {
            throw new IllegalArgumentException("manifest " + manifest.sopInstanceUid()
                    + ": a Key Object Selection Document references at least one instance (TID 2010); the study has none");
        }
        String study = source.getString(Tag.StudyInstanceUID);
        if (!manifest.studyInstanceUid().equals(study)) {
            throw new IllegalArgumentException("manifest " + manifest.sopInstanceUid() + " is for study "
                    + manifest.studyInstanceUid() + " but its source object belongs to study " + study);
        }
        DataSet ds = new DataSet();
        // UTF-8 whatever the source used: the remark may hold characters the source's set cannot (PS3.5 6.1.2.5).
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        for (int tag : COPIED) {
            Element e = source.get(tag);
            if (e != null) {
                ds.put(transcoded(e, source, ds));
            }
        }
        for (Map.Entry<Integer, VR> t : TYPE2.entrySet()) {
            if (!ds.contains(t.getKey())) {
                ds.setBytes(t.getKey(), t.getValue(), new byte[0]);
            }
        }
        // SOP Common (C.12.1)
        ds.setString(Tag.SOPClassUID, VR.UI, KEY_OBJECT_SELECTION);
        ds.setString(Tag.SOPInstanceUID, VR.UI, manifest.sopInstanceUid());
        ds.setString(Tag.InstanceCreationDate, VR.DA, created.format(DA));
        ds.setString(Tag.InstanceCreationTime, VR.TM, created.format(TM));
        // Key Object Document Series (C.17.6.1) and General Equipment (C.7.5.1)
        ds.setString(Tag.Modality, VR.CS, "KO");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, seriesInstanceUid);
        ds.setString(Tag.SeriesNumber, VR.IS, "9901");
        ds.setString(Tag.SeriesDescription, VR.LO, xdsi ? "Zorgbrug XDS-I.b manifest" : "Zorgbrug verzending / study manifest");
        ds.setSequence(Tag.ReferencedPerformedProcedureStepSequence, List.of());
        ds.setString(Tag.Manufacturer, VR.LO, MANUFACTURER);
        ds.setString(Tag.ManufacturerModelName, VR.LO, "Zorgbrug gateway");
        // Key Object Document (C.17.6.2)
        ds.setString(Tag.InstanceNumber, VR.IS, "1");
        ds.setString(Tag.ContentDate, VR.DA, created.format(DA));
        ds.setString(Tag.ContentTime, VR.TM, created.format(TM));
        ds.setSequence(Tag.CurrentRequestedProcedureEvidenceSequence, List.of(evidence(ds, manifest, retrieveLocationUid)));
        // SR Document Content (C.17.3): the root CONTAINER of TID 2010
        ds.setString(Tag.ValueType, VR.CS, "CONTAINER");
        boolean referral = manifest.referralReason() != null;
        ds.setSequence(Tag.ConceptNameCodeSequence, List.of(xdsi ? code(ds, "113030", "DCM", "Manifest")
                : code(ds, referral ? "113002" : "113000", "DCM", referral ? "For Referring Provider" : "Of Interest")));
        ds.setString(Tag.ContinuityOfContent, VR.CS, "SEPARATE");
        DataSet template = DataSet.itemOf(ds);
        template.setString(Tag.MappingResource, VR.CS, "DCMR");
        template.setString(Tag.TemplateIdentifier, VR.CS, "2010");
        ds.setSequence(Tag.ContentTemplateSequence, List.of(template));
        List<DataSet> content = new ArrayList<>();
        String text = description(manifest);
        if (text != null) {
            DataSet item = DataSet.itemOf(ds);
            item.setString(Tag.RelationshipType, VR.CS, "CONTAINS");
            item.setString(Tag.ValueType, VR.CS, "TEXT");
            item.setSequence(Tag.ConceptNameCodeSequence, List.of(code(item, "113012", "DCM", "Key Object Description")));
            item.setString(Tag.TextValue, VR.UT, text);
            content.add(item);
        }
        for (StudyManifest.Reference r : manifest.references()) {
            DataSet item = DataSet.itemOf(ds);
            item.setString(Tag.RelationshipType, VR.CS, "CONTAINS");
            item.setString(Tag.ValueType, VR.CS, valueType(r.sopClassUid()));
            item.setSequence(Tag.ReferencedSOPSequence, List.of(sopReference(item, r)));
            content.add(item);
        }
        ds.setSequence(Tag.ContentSequence, content);
        if (!xdsi) {
            privateBlock(ds, manifest);
        }
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        return new DicomFile(null, FileMetaInformation.create(KEY_OBJECT_SELECTION, manifest.sopInstanceUid(), ts,
                sourceAeTitle), ds, ts, true);
    }

    /** Our private block, for a receiving Zorgbrug node: the remark and the referral reason apart. */
    private static void privateBlock(DataSet ds, StudyManifest manifest) {
        ds.setString(privateCreatorTag(), VR.LO, PRIVATE_CREATOR);
        if (manifest.remark() != null) {
            ds.setString(privateTag(REMARK_OFFSET), VR.UT, manifest.remark());
        }
        if (manifest.referralReason() != null) {
            ds.setString(privateTag(REFERRAL_OFFSET), VR.UT, manifest.referralReason());
        }
    }

    /** The Key Object Description for people: referral reason and remark, labelled in Dutch and English. */
    static String description(StudyManifest m) {
        List<String> lines = new ArrayList<>();
        if (m.referralReason() != null) {
            lines.add("Verwijsreden / Referral reason: " + m.referralReason());
        }
        if (m.remark() != null) {
            lines.add("Opmerking / Remark: " + m.remark());
        }
        return lines.isEmpty() ? null : String.join("\r\n", lines);
    }

    /**
     * Whether a head (up to group 0401 is enough) is a Zorgbrug manifest: a Key Object Selection Document
     * with our private creator. Manufacturer alone is not trusted: a PACS may keep it on objects it derives.
     */
    public static boolean isManifest(DataSet head) {
        return KEY_OBJECT_SELECTION.equals(head.getString(Tag.SOPClassUID)) && block(head) >= 0;
    }

    /**
     * Reads a Zorgbrug manifest from a whole data set (the evidence lies beyond the head), or empty when it
     * is not one. Private values are read as bytes, since an implicit VR transfer leaves them without VR.
     */
    public static Optional<StudyManifest> read(DataSet ds) {
        if (!isManifest(ds)) {
            return Optional.empty();
        }
        int block = block(ds);
        String remark = privateText(ds, block, REMARK_OFFSET);
        String referral = privateText(ds, block, REFERRAL_OFFSET);
        String study = ds.getString(Tag.StudyInstanceUID);
        List<StudyManifest.Reference> refs = new ArrayList<>();
        List<DataSet> evidence = ds.getSequence(Tag.CurrentRequestedProcedureEvidenceSequence);
        for (DataSet studyItem : evidence == null ? List.<DataSet>of() : evidence) {
            List<DataSet> series = studyItem.getSequence(Tag.ReferencedSeriesSequence);
            for (DataSet seriesItem : series == null ? List.<DataSet>of() : series) {
                String seriesUid = seriesItem.getString(Tag.SeriesInstanceUID);
                List<DataSet> sops = seriesItem.getSequence(Tag.ReferencedSOPSequence);
                for (DataSet sop : sops == null ? List.<DataSet>of() : sops) {
                    String cuid = sop.getString(Tag.ReferencedSOPClassUID);
                    String iuid = sop.getString(Tag.ReferencedSOPInstanceUID);
                    if (seriesUid != null && cuid != null && iuid != null) {
                        refs.add(new StudyManifest.Reference(seriesUid, cuid, iuid));
                    }
                }
            }
        }
        return Optional.of(new StudyManifest(ds.getString(Tag.SOPInstanceUID), study == null ? "" : study, remark,
                referral, refs));
    }

    /** The element number block our creator reserved, or -1 (PS3.5 7.8.1: creators at (gggg,0010-00FF)). */
    private static int block(DataSet ds) {
        for (int b = 0x10; b <= 0xFF; b++) {
            byte[] v = ds.getBytes((PRIVATE_GROUP << 16) | b);
            if (v != null && PRIVATE_CREATOR.equals(new String(v, StandardCharsets.ISO_8859_1).trim())) {
                return b;
            }
        }
        return -1;
    }

    private static String privateText(DataSet ds, int block, int offset) {
        byte[] v = ds.getBytes((PRIVATE_GROUP << 16) | (block << 8) | offset);
        if (v == null) {
            return null;
        }
        String s = ds.charset().decode(v, VR.UT).strip();
        return s.isEmpty() ? null : s;
    }

    static int privateCreatorTag() {
        return (PRIVATE_GROUP << 16) | PRIVATE_BLOCK;
    }

    static int privateTag(int offset) {
        return (PRIVATE_GROUP << 16) | (PRIVATE_BLOCK << 8) | offset;
    }

    /**
     * One study item; series in order of first appearance (C.17.2.1 Hierarchical SOP Instance Reference Macro), each
     * with the Retrieve Location UID when given (RAD TF-3 §4.68.4.1.2.1).
     */
    private static DataSet evidence(DataSet parent, StudyManifest m, String retrieveLocationUid) {
        DataSet studyItem = DataSet.itemOf(parent);
        Map<String, List<StudyManifest.Reference>> bySeries = new LinkedHashMap<>();
        for (StudyManifest.Reference r : m.references()) {
            bySeries.computeIfAbsent(r.seriesInstanceUid(), k -> new ArrayList<>()).add(r);
        }
        List<DataSet> series = new ArrayList<>();
        for (Map.Entry<String, List<StudyManifest.Reference>> e : bySeries.entrySet()) {
            DataSet seriesItem = DataSet.itemOf(studyItem);
            List<DataSet> sops = new ArrayList<>();
            for (StudyManifest.Reference r : e.getValue()) {
                sops.add(sopReference(seriesItem, r));
            }
            seriesItem.setSequence(Tag.ReferencedSOPSequence, sops);
            seriesItem.setString(Tag.SeriesInstanceUID, VR.UI, e.getKey());
            if (retrieveLocationUid != null) {
                seriesItem.setString(Tag.RetrieveLocationUID, VR.UI, retrieveLocationUid);
            }
            series.add(seriesItem);
        }
        studyItem.setSequence(Tag.ReferencedSeriesSequence, series);
        studyItem.setString(Tag.StudyInstanceUID, VR.UI, m.studyInstanceUid());
        return studyItem;
    }

    private static DataSet sopReference(DataSet parent, StudyManifest.Reference r) {
        DataSet sop = DataSet.itemOf(parent);
        sop.setString(Tag.ReferencedSOPClassUID, VR.UI, r.sopClassUid());
        sop.setString(Tag.ReferencedSOPInstanceUID, VR.UI, r.sopInstanceUid());
        return sop;
    }

    private static DataSet code(DataSet parent, String value, String scheme, String meaning) {
        DataSet c = DataSet.itemOf(parent);
        c.setString(Tag.CodeValue, VR.SH, value);
        c.setString(Tag.CodingSchemeDesignator, VR.SH, scheme);
        c.setString(Tag.CodeMeaning, VR.LO, meaning);
        return c;
    }

    /**
     * TID 2010 references images as IMAGE, waveforms as WAVEFORM and everything else (SR, presentation
     * states, encapsulated documents, raw data, RT objects but RT Image) as COMPOSITE (PS3.3 C.17.3.2.1).
     * Decided on the SOP Class UID roots of PS3.4 Annex B; an unknown class counts as COMPOSITE, which
     * any object may be.
     */
    static String valueType(String sopClassUid) {
        String storage = "1.2.840.10008.5.1.4.1.1.";
        if (!sopClassUid.startsWith(storage)) {
            return "COMPOSITE";
        }
        String rest = sopClassUid.substring(storage.length());
        String root = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        if (root.equals("9")) {
            return "WAVEFORM";
        }
        if (rest.equals("481.1")) {
            return "IMAGE"; // RT Image
        }
        return switch (root) {
            case "11", "88", "104", "66", "481", "67", "68", "200", "90", "91", "82" -> "COMPOSITE";
            default -> "IMAGE";
        };
    }

    /** A copy of a source element, its text re-encoded from the source's character set into the target's. */
    static Element transcoded(Element e, DataSet from, DataSet to) {
        if (e.value() instanceof Value.Sequence s) {
            List<DataSet> items = new ArrayList<>();
            for (DataSet item : s.items()) {
                DataSet copy = DataSet.itemOf(to);
                for (Element inner : item.elements()) {
                    copy.put(transcoded(inner, item, copy));
                }
                items.add(copy);
            }
            return new Element(e.tag(), VR.SQ, new Value.Sequence(items, false));
        }
        if (e.value() instanceof Value.Bytes b && affectedByCharset(e.vr()) && e.tag() != Tag.SpecificCharacterSet) {
            String text = from.charset().decode(b.bytes(), e.vr());
            text = text.replaceAll("[ \\u0000]+$", "");
            return new Element(e.tag(), e.vr(), new Value.Bytes(DataSet.pad(to.charset().encode(text, e.vr()), e.vr())));
        }
        if (e.value() instanceof Value.Bytes b) {
            return new Element(e.tag(), e.vr(), new Value.Bytes(b.bytes().clone()));
        }
        return e;
    }

    /** PS3.5 6.1.2.3: the VRs whose values the Specific Character Set applies to. */
    private static boolean affectedByCharset(VR vr) {
        return vr == VR.SH || vr == VR.LO || vr == VR.ST || vr == VR.LT || vr == VR.PN || vr == VR.UC || vr == VR.UT;
    }
}
