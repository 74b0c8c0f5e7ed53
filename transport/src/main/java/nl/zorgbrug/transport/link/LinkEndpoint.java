package nl.zorgbrug.transport.link;

import nl.zorgbrug.gateway.addressbook.PluggedEndpoint;

/**
 * The download-link channel ("DICOM e-mail", issue 21) as an address-book endpoint: the link route's destination has
 * it ({@link LinkAddressBook}), so the job runner hands that route's jobs to {@link LinkTransport}. It carries no
 * address: who gets the link is said per send, by the person's order ({@link DownloadLink}).
 */
public record LinkEndpoint() implements PluggedEndpoint {
}
