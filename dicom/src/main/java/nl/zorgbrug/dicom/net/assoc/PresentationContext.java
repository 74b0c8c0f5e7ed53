package nl.zorgbrug.dicom.net.assoc;

/** A presentation context as negotiated: id, abstract syntax and the one accepted transfer syntax. */
public record PresentationContext(int id, String abstractSyntax, String transferSyntax) {
}
