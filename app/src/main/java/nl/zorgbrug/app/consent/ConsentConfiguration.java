package nl.zorgbrug.app.consent;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.audit.AuditProperties;
import nl.zorgbrug.audit.consent.ConsentRegister;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.ConsentSource;
import nl.zorgbrug.audit.consent.ConsentStore;
import nl.zorgbrug.audit.consent.mitz.MitzConsentSource;
import nl.zorgbrug.audit.consent.mitz.SoapMitzClient;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.audit.trail.AuditTrail;

/**
 * The consent service (issue 17): the built-in register by default, Mitz when configured. Nothing calls it yet: the
 * BgZ and the image index (the pulls that need consent) come after this issue and ask it.
 */
@Configuration
public class ConsentConfiguration {

    @Bean
    ConsentStore consentStore(JdbcTemplate jdbc) {
        return new JdbcConsentStore(jdbc);
    }

    @Bean
    ConsentService consentService(ConsentStore store, ConsentProperties settings, AuditProperties audit,
                                  AuditTrail trail, Clock clock) {
        ConsentSource source;
        if (settings.source() == ConsentProperties.Source.MITZ) {
            if (audit.organisationUra() == null) {
                throw new IllegalArgumentException("zorgbrug.consent.source is MITZ: Mitz is asked on behalf of the"
                        + " data's holder, so set zorgbrug.audit.organisation-ura to the hospital's URA");
            }
            source = new MitzConsentSource(new SoapMitzClient(settings.mitzUrl(), settings.mitzTimeout(), clock),
                    new Ura(audit.organisationUra()), settings.institutionType());
        } else {
            source = new ConsentRegister(store);
        }
        return new ConsentService(store, source, trail, clock);
    }
}
