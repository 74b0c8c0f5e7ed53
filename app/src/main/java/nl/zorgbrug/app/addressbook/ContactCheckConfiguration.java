package nl.zorgbrug.app.addressbook;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.tls.TlsConfig;
import nl.zorgbrug.gateway.delivery.ContactCheck;
import nl.zorgbrug.gateway.job.JobRepository;

/**
 * The console's test of a destination: C-ECHO with the node's calling AE title, over TLS when the entry says so,
 * with the connectors delivery uses.
 */
@Configuration
public class ContactCheckConfiguration {

    @Bean
    ContactCheck contactCheck(@Value("${zorgbrug.gateway.calling-ae-title:ZORGBRUG}") String callingAeTitle,
                              ObjectProvider<TlsConfig> tls, JobRepository jobs, Clock clock) {
        TlsConfig tlsConfig = tls.getIfAvailable();
        return new ContactCheck(callingAeTitle, new Connector(AssociationOptions.DEFAULT),
                tlsConfig == null ? null : new Connector(AssociationOptions.DEFAULT, tlsConfig.socketFactory()), jobs,
                clock);
    }
}
