package nl.zorgbrug.app.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The WADO-RS Accept header (PS3.18 §8.7.3.5.2, Table 8.7.3-2) as the node reads it. */
class ImagingWadoRsControllerTest {

    @Test
    void theTransferSyntaxIsTheOneNamedExplicitLittleEndianByDefaultAndStarAsThePacsKeepsIt() {
        String explicit = ImagingWadoRsController.EXPLICIT_VR_LITTLE_ENDIAN;
        assertThat(ImagingWadoRsController.transferSyntax(null)).isEqualTo(explicit);
        assertThat(ImagingWadoRsController.transferSyntax("*/*")).isEqualTo(explicit);
        assertThat(ImagingWadoRsController.transferSyntax("multipart/related; type=\"application/dicom\""))
                .isEqualTo(explicit);
        assertThat(ImagingWadoRsController.transferSyntax("multipart/related; type=\"application/dicom\";"
                + " transfer-syntax=1.2.840.10008.1.2.4.50")).isEqualTo("1.2.840.10008.1.2.4.50");
        assertThat(ImagingWadoRsController.transferSyntax("multipart/related; type=application/dicom;"
                + " transfer-syntax=*")).isEqualTo("*");
        assertThat(ImagingWadoRsController.transferSyntax("multipart/related; type=\"application/octet-stream\","
                + " multipart/related; type=\"application/dicom\"; transfer-syntax=*")).as("the first that fits")
                .isEqualTo("*");
        assertThat(ImagingWadoRsController.transferSyntax("application/dicom+json")).as("metadata: not here").isNull();
        assertThat(ImagingWadoRsController.transferSyntax("multipart/related; type=\"application/octet-stream\""))
                .as("bulk data: not here").isNull();
    }
}
