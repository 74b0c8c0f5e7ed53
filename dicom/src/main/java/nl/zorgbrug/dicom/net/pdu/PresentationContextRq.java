package nl.zorgbrug.dicom.net.pdu;

import java.util.List;

/** Presentation Context item of an A-ASSOCIATE-RQ (PS3.8 9.3.2.2): an odd id, one abstract syntax, its transfer syntaxes. */
public record PresentationContextRq(int id, String abstractSyntax, List<String> transferSyntaxes) {
    public PresentationContextRq {
        transferSyntaxes = List.copyOf(transferSyntaxes);
        if (id < 1 || id > 255 || (id & 1) == 0) {
            throw new IllegalArgumentException("presentation context id " + id + " is not an odd number 1-255 (PS3.8 9.3.2.2)");
        }
    }
}
