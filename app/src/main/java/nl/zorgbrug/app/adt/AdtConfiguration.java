package nl.zorgbrug.app.adt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nl.zorgbrug.app.console.ConsoleProperties;
import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.gateway.NodeRecovery;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.gateway.merge.PatientMerge;
import nl.zorgbrug.gateway.recheck.MpiRecheck;
import nl.zorgbrug.hl7.adt.AdtReceiver;
import nl.zorgbrug.hl7.adt.AdtSettings;
import nl.zorgbrug.hl7.feed.CoalescedRecheck;
import nl.zorgbrug.hl7.feed.PatientFeed;
import nl.zorgbrug.hl7.mllp.MllpServer;
import nl.zorgbrug.hl7.mllp.MllpSettings;

/**
 * The EPD's ADT feed (issue 16), only when {@code zorgbrug.adt.port} is set: the MLLP listener, the HL7 mapping and
 * the feed onto the node's MPI, in the node's transactions; after changes the held jobs and quarantine are looked at
 * again ({@link MpiRecheck}, coalesced). Started after crash recovery, like the DICOM listener.
 */
@Configuration
@ConditionalOnProperty(prefix = "zorgbrug.adt", name = "port")
public class AdtConfiguration {

    @Bean(destroyMethod = "close")
    CoalescedRecheck adtRecheck(MpiRecheck recheck, AdtProperties adt) {
        return new CoalescedRecheck(recheck::afterMpiChange, adt.recheckInterval());
    }

    @Bean
    PatientFeed patientFeed(MpiStore mpi, SwapPolicy policy, Transactions transactions, Clock clock,
                            CoalescedRecheck recheck, PatientMerge merges) {
        return new PatientFeed(new PatientFeed.Ports(mpi, policy.localIssuer(), transactions, clock, recheck, merges));
    }

    @Bean
    AdtReceiver adtReceiver(AdtProperties adt, PatientFeed feed, Clock clock, ConsoleProperties console) {
        if (adt.localAuthority() == null || adt.localAuthority().isBlank()) {
            throw new IllegalStateException("zorgbrug.adt.local-authority is not set: configure the assigning"
                    + " authority with which your EPD sends the hospital's patient numbers in PID-3 (see"
                    + " docs/operations.md, The EPD feed)");
        }
        AdtSettings.FieldSpec field;
        try {
            field = AdtSettings.FieldSpec.parse(adt.bsnStatusField());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("zorgbrug.adt.bsn-status-field: " + e.getMessage(), e);
        }
        return new AdtReceiver(new AdtSettings(adt.localAuthority(), field, Set.copyOf(adt.verifiedCodes()),
                Set.copyOf(adt.validatedCodes())), feed, clock, console.timeZone());
    }

    @Bean(destroyMethod = "close")
    MllpServer adtListener(AdtProperties adt, AdtReceiver receiver, NodeRecovery.Report recovered) throws IOException {
        if (adt.maxMessageSize().toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("zorgbrug.adt.max-message-size " + adt.maxMessageSize()
                    + " is larger than the node can hold; an ADT message is a few kilobytes, 1MB is plenty");
        }
        Set<InetAddress> allowed = new HashSet<>();
        for (String host : adt.allowedHosts()) {
            try {
                allowed.addAll(Set.of(InetAddress.getAllByName(host)));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("zorgbrug.adt.allowed-hosts: '" + host + "' is not an address or a"
                        + " name this machine can resolve", e);
            }
        }
        MllpServer server = new MllpServer(new MllpSettings(adt.bind(), adt.port(), (int) adt.maxMessageSize().toBytes(),
                adt.idleTimeout(), adt.frameTimeout(), adt.maxConnections(), allowed), new MllpServer.Handler() {
            @Override
            public byte[] handle(byte[] message) {
                return receiver.receive(message);
            }

            @Override
            public byte[] tooLarge(byte[] head, long limit) {
                return receiver.tooLarge(head, limit);
            }
        });
        server.start();
        return server;
    }
}
