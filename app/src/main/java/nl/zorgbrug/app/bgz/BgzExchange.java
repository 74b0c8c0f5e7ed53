package nl.zorgbrug.app.bgz;

import java.util.List;
import java.util.Optional;

import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.bgz.receive.BgzInbox;
import nl.zorgbrug.bgz.receive.BgzSource;
import nl.zorgbrug.bgz.receive.Occasion;
import nl.zorgbrug.bgz.receive.ReceivedBgz;
import nl.zorgbrug.bgz.referral.BgzReferralSender;
import nl.zorgbrug.bgz.referral.NotifiedPull;
import nl.zorgbrug.bgz.referral.Receiver;
import nl.zorgbrug.bgz.request.BgzRequester;
import nl.zorgbrug.bgz.request.PeerAccess;
import nl.zorgbrug.bgz.request.PeerNode;
import nl.zorgbrug.bgz.specialism.Specialism;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;

/**
 * The BgZ exchange with institutions of the address book (issue 19): who they are comes from the address book, where
 * their BgZ endpoint is and which tokens they issued us from {@code zorgbrug.bgz.peers}. A request (Raadplegend) runs
 * the query set against the institution and stores the answers as one received BgZ (Ontvangend).
 */
public class BgzExchange {
    private final AddressBook addressBook;
    private final BgzProperties settings;
    private final BgzRequester requester;
    private final BgzInbox inbox;
    private final BgzReferralSender sender;
    private final String ownUra;

    /**
     * @param ownUra this hospital's URA, the client id of the consent flow (null: no peer may use the consent flow)
     */
    public BgzExchange(AddressBook addressBook, BgzProperties settings, BgzRequester requester, BgzInbox inbox,
                       BgzReferralSender sender, String ownUra) {
        this.addressBook = addressBook;
        this.settings = settings;
        this.requester = requester;
        this.inbox = inbox;
        this.sender = sender;
        this.ownUra = ownUra;
    }

    /**
     * Sends the patient's BgZ with the referral to the institution (Sturend, Notified Pull).
     *
     * @throws nl.zorgbrug.bgz.referral.ShareRefusedException     when the BSN may not be shared (not validated)
     * @throws nl.zorgbrug.bgz.referral.TaskNotDeliveredException when the institution did not accept the Task
     */
    public NotifiedPull sendOnReferral(MpiPatient patient, String referral, String institutionKey, Actor actor) {
        return sendOnReferral(patient, referral, institutionKey, null, actor);
    }

    /**
     * Sends the patient's BgZ with the referral to the department of this specialism at the institution.
     *
     * @param specialism the AGB code of one of the specialisms the institution takes referrals for
     *                   ({@code zorgbrug.bgz.peers[].specialisms}); required when it lists any, refused when it lists
     *                   none
     * @throws IllegalArgumentException when the specialism is missing or not one the institution lists
     */
    public NotifiedPull sendOnReferral(MpiPatient patient, String referral, String institutionKey, String specialism,
                                       Actor actor) {
        Institution institution = institution(institutionKey);
        BgzProperties.Peer peer = peer(institutionKey);
        return sender.send(patient, referral, new Receiver(institution.key(), institution.name(), institution.ura(),
                null, peer.stu3Base(), peer.notifyToken(), specialism(institution, peer, specialism)), actor);
    }

    /** The specialisms the institution takes referrals for (empty: a referral names the institution as a whole). */
    public List<Specialism> specialisms(String institutionKey) {
        return peer(institutionKey).accepted();
    }

    private static Specialism specialism(Institution institution, BgzProperties.Peer peer, String code) {
        List<Specialism> accepted = peer.accepted();
        boolean none = code == null || code.isBlank();
        if (accepted.isEmpty()) {
            if (!none) {
                throw new IllegalArgumentException(institution.name() + " lists no specialisms in "
                        + "zorgbrug.bgz.peers[].specialisms: send the referral to the institution without one, or add"
                        + " the specialism there");
            }
            return null;
        }
        String allowed = String.join(", ", accepted.stream().map(s -> s.code() + " " + s.dutch()).toList());
        if (none) {
            throw new IllegalArgumentException("pick the specialism the referral is for: " + institution.name()
                    + " takes referrals for " + allowed);
        }
        return accepted.stream().filter(s -> s.code().equals(code.strip())).findFirst().orElseThrow(() ->
                new IllegalArgumentException("specialism '" + code.strip() + "' is not one " + institution.name()
                        + " takes referrals for: " + allowed));
    }

    /** Where a Task's sender, named by URA, is read from: its address-book entry and its BgZ endpoint. */
    public Optional<BgzSource> sourceByUra(String ura) {
        return byUra(ura).map(i -> source(i, peer(i.key())));
    }

    /**
     * Requests the patient's BgZ from the institution and stores it as received: with the fixed token it issued us,
     * or by its consent flow (a token for this patient from its token endpoint first).
     *
     * @throws nl.zorgbrug.bgz.request.PullRefusedException   when the patient's BSN may not be used to pull
     * @throws nl.zorgbrug.bgz.request.AccessRefusedException when the institution gave no token for the patient (no
     *                                                        consent there): nothing was requested or stored
     * @throws IllegalArgumentException when the institution is not in the address book or has no BgZ endpoint
     */
    public ReceivedBgz request(MpiPatient patient, String institutionKey, Actor actor) {
        Institution institution = institution(institutionKey);
        BgzProperties.Peer peer = peer(institutionKey);
        PeerAccess access;
        if (peer.consentFlow()) {
            access = new PeerAccess.ConsentFlow(peer.tokenEndpoint(), ownUra, peer.credential());
        } else if (peer.token() != null) {
            access = new PeerAccess.FixedToken(peer.token());
        } else {
            throw new IllegalArgumentException("no way in for requesting a BgZ from " + institution.name() + ": set "
                    + "zorgbrug.bgz.peers[].credential to the organisation credential " + institution.name()
                    + " issued this hospital (or, for qualification, peers[].token to a fixed token)");
        }
        var outcome = requester.request(patient, new PeerNode(institution.name(), peer.stu3Base()), access, actor);
        return inbox.receive(outcome, source(institution, peer), Occasion.REQUEST, null, patient.bsn(), actor);
    }

    /** The institutions of the address book that have a BgZ endpoint: what a clinician can pick from. */
    public java.util.List<Institution> institutions() {
        return addressBook.all().stream().filter(i -> settings.peers().stream()
                .anyMatch(p -> i.key().equals(p.institution()))).toList();
    }

    Institution institution(String key) {
        return addressBook.find(key).orElseThrow(() -> new IllegalArgumentException("institution '" + key
                + "' is not in the address book: add it there first"));
    }

    BgzProperties.Peer peer(String key) {
        return settings.peers().stream().filter(p -> key.equals(p.institution())).findFirst().orElseThrow(() ->
                new IllegalArgumentException("institution '" + key + "' has no BgZ endpoint: add it to "
                        + "zorgbrug.bgz.peers with its stu3-base"));
    }

    /** The institution of the address book with this URA that has a BgZ endpoint configured. */
    Optional<Institution> byUra(String ura) {
        return addressBook.all().stream().filter(i -> ura.equals(i.ura()))
                .filter(i -> settings.peers().stream().anyMatch(p -> i.key().equals(p.institution()))).findFirst();
    }

    static BgzSource source(Institution institution, BgzProperties.Peer peer) {
        return new BgzSource(institution.key(), institution.name(), institution.ura(), peer.stu3Base().toString());
    }
}
