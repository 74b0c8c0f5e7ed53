package nl.zorgbrug.app.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A DICOM peer as people write it: {@code AET@host:port}, e.g. {@code PACS@10.0.0.5:104}. */
public record PeerAddress(String aeTitle, String host, int port) {

    public static PeerAddress parse(String text) {
        int at = text.indexOf('@');
        int colon = text.lastIndexOf(':');
        if (at <= 0 || colon < at + 2 || colon == text.length() - 1) {
            throw new IllegalArgumentException("expected AET@host:port, e.g. PACS@10.0.0.5:104, but got '" + text + "'");
        }
        String aet = text.substring(0, at);
        String host = text.substring(at + 1, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // [::1]
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port in '" + text + "' must be a number from 1 to 65535");
        }
        checkAeTitle(aet);
        return new PeerAddress(aet, host, port);
    }

    /** PS3.5 6.2, AE: at most 16 characters, no backslash or control characters, not only spaces. */
    static String checkAeTitle(String aet) {
        if (aet.isBlank() || aet.length() > 16 || aet.chars().anyMatch(c -> c < 0x20 || c == '\\' || c > 0x7E)) {
            throw new IllegalArgumentException("AE title '" + aet + "' must be 1-16 printable ASCII characters without"
                    + " a backslash (PS3.5 6.2)");
        }
        return aet.trim();
    }

    @Override
    public String toString() {
        return aeTitle + "@" + host + ":" + port;
    }

    /** For picocli parameters. */
    public static final class Converter implements ITypeConverter<PeerAddress> {
        @Override
        public PeerAddress convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
