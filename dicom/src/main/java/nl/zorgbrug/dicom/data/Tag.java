package nl.zorgbrug.dicom.data;

/**
 * Tags are plain {@code int}s (group in the high 16 bits), as in the standard's notation
 * (gggg,eeee). This class names the tags the code refers to and formats tags for people.
 * The full list of names lives in {@link nl.zorgbrug.dicom.dict.StandardDictionary}.
 */
public final class Tag {
    private Tag() {
    }

    // File Meta Information, PS3.10 7.1
    public static final int FileMetaInformationGroupLength = 0x00020000;
    public static final int FileMetaInformationVersion = 0x00020001;
    public static final int MediaStorageSOPClassUID = 0x00020002;
    public static final int MediaStorageSOPInstanceUID = 0x00020003;
    public static final int TransferSyntaxUID = 0x00020010;
    public static final int ImplementationClassUID = 0x00020012;
    public static final int ImplementationVersionName = 0x00020013;
    public static final int SourceApplicationEntityTitle = 0x00020016;

    public static final int SpecificCharacterSet = 0x00080005;
    public static final int SOPClassUID = 0x00080016;
    public static final int SOPInstanceUID = 0x00080018;
    public static final int StudyDate = 0x00080020;
    public static final int AccessionNumber = 0x00080050;
    public static final int Modality = 0x00080060;
    public static final int InstitutionName = 0x00080080;
    public static final int PatientName = 0x00100010;
    public static final int PatientID = 0x00100020;
    public static final int IssuerOfPatientID = 0x00100021;
    public static final int TypeOfPatientID = 0x00100022;
    public static final int IssuerOfPatientIDQualifiersSequence = 0x00100024;
    public static final int UniversalEntityID = 0x00400032;
    public static final int UniversalEntityIDType = 0x00400033;
    public static final int PatientBirthDate = 0x00100030;
    public static final int PatientSex = 0x00100040;
    public static final int OtherPatientIDs = 0x00101000;
    public static final int OtherPatientIDsSequence = 0x00101002;
    public static final int StudyInstanceUID = 0x0020000D;
    public static final int SeriesInstanceUID = 0x0020000E;
    public static final int OriginalAttributesSequence = 0x04000561;
    public static final int AttributeModificationDateTime = 0x04000562;
    public static final int ModifyingSystem = 0x04000563;
    public static final int SourceOfPreviousValues = 0x04000564;
    public static final int ModifiedAttributesSequence = 0x04000550;
    public static final int ReasonForTheAttributeModification = 0x04000565;
    public static final int PixelData = 0x7FE00010;

    // Items and delimiters, PS3.5 7.5
    public static final int Item = 0xFFFEE000;
    public static final int ItemDelimitationItem = 0xFFFEE00D;
    public static final int SequenceDelimitationItem = 0xFFFEE0DD;
    /** Data Set Trailing Padding, PS3.10 7.2. */
    public static final int DataSetTrailingPadding = 0xFFFCFFFC;

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    public static boolean isPrivate(int tag) {
        return (group(tag) & 1) == 1;
    }

    /** PS3.5 7.8.1: (gggg,0010-00FF) in an odd group reserves a block of private elements. */
    public static boolean isPrivateCreator(int tag) {
        return isPrivate(tag) && element(tag) >= 0x0010 && element(tag) <= 0x00FF;
    }

    public static boolean isGroupLength(int tag) {
        return element(tag) == 0;
    }

    /** "(gggg,eeee)" in upper-case hex, the standard's notation. */
    public static String toString(int tag) {
        return String.format("(%04X,%04X)", group(tag), element(tag));
    }
}
