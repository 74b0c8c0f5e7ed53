package nl.zorgbrug.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;

/**
 * Issue 15: a node with a wrong setting does not start, and says which key, which value and what is allowed in a
 * few lines — a misspelled key, an AE title a peer cannot send, an issuer that is no OID, a destination the
 * address book does not have.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationCheckTest {
    @TempDir
    Path dir;

    /** A node's settings as command-line arguments; {@code settings} ("--key=value") add to or replace the usual ones. */
    private List<String> args(String database, String... settings) {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : List.of(
                "--zorgbrug.data-dir=" + dir.resolve("data"),
                "--spring.datasource.url=jdbc:h2:" + database + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--server.port=0", "--zorgbrug.gateway.port=0",
                "--zorgbrug.users[0].name=root", "--zorgbrug.users[0].password={noop}config-test",
                "--zorgbrug.users[0].roles=ADMIN",
                "--zorgbrug.gateway.routes[0].name=export-umcx", "--zorgbrug.gateway.routes[0].called-ae-title=ZB_EXPORT",
                "--zorgbrug.gateway.routes[0].direction=export", "--zorgbrug.gateway.routes[0].destination=umcx")) {
            args.put(a.substring(0, a.indexOf('=')), a);
        }
        for (String a : settings) {
            args.put(a.substring(0, a.indexOf('=')), a);
        }
        return new ArrayList<>(args.values());
    }

    private ConfigurableApplicationContext start(List<String> args) {
        return new SpringApplicationBuilder(ZorgbrugApplication.class).run(args.toArray(new String[0]));
    }

    /** The start fails with the setting's error, reported in a few lines and no stack trace. */
    private void refused(CapturedOutput output, List<String> args, String... message) {
        refused(output, ConfigurationError.class, args, message);
    }

    private void refused(CapturedOutput output, Class<? extends RuntimeException> error, List<String> args,
                         String... message) {
        int before = output.getOut().length();
        assertThatThrownBy(() -> start(args)).satisfies(e -> {
            Throwable cause = e;
            while (cause != null && !error.isInstance(cause)) {
                cause = cause.getCause();
            }
            assertThat(cause).as("a %s in %s", error.getSimpleName(), e).isNotNull();
            assertThat(cause.getMessage()).contains(message);
        });
        String attempt = output.getOut().substring(before);
        assertThat(attempt).as("nothing listens for DICOM with a wrong setting").doesNotContain("DICOM listener on");
        String report = attempt.substring(attempt.lastIndexOf("APPLICATION FAILED TO START"));
        assertThat(report).contains(message);
        assertThat(report.lines().filter(l -> l.trim().startsWith("at ")).count()).as("stack trace lines").isZero();
        assertThat(report.lines().count()).isLessThan(15);
    }

    @Test
    void aMisspelledKeyIsNamedWithTheKeysAllowed(CapturedOutput output) {
        refused(output, args("mem:config1", "--zorgbrug.gateway.routes[0].allowed-caller=MODALITY"),
                "zorgbrug.gateway.routes[0].allowed-caller = 'MODALITY' is not allowed: 'allowed-caller' is not a"
                        + " setting of zorgbrug.gateway.routes[0]; allowed: name, called-ae-title, direction, destination,"
                        + " urgent, allowed-callers, manifest, rules, assume-local-issuer-from (did you mean allowed-callers?)");
        refused(output, args("mem:config2", "--zorgbrug.gateway.routes[0].urgnet=true"),
                "zorgbrug.gateway.routes[0].urgnet = 'true'", "(did you mean urgent?)");
        refused(output, args("mem:config3", "--zorgbrug.gatway.port=104"), "'gatway' is not a setting of zorgbrug");
    }

    /** Settings of a class of their own under another's prefix (zorgbrug.gateway.warnings) are known keys too. */
    @Test
    void aSettingOfANestedSettingsClassIsKnown() {
        try (ConfigurableApplicationContext node = start(args("mem:config9", "--zorgbrug.gateway.warnings.alert=true",
                "--zorgbrug.gateway.routes[0].assume-local-issuer-from=PACS"))) {
            assertThat(node.isActive()).isTrue();
        }
    }

    @Test
    void theRouteTablesOwnChecksAreReportedInAFewLinesToo(CapturedOutput output) {
        refused(output, IllegalArgumentException.class, args("mem:config8", "--zorgbrug.gateway.routes[0].direction=sideways"),
                "zorgbrug.gateway.routes 'export-umcx': direction 'sideways' is neither export nor import");
    }

    @Test
    void aeTitlesAndTheIssuerMustBeWhatDicomAllows(CapturedOutput output) {
        refused(output, args("mem:config4", "--zorgbrug.gateway.routes[0].called-ae-title=ZB_EXPORT_TO_UMC_X"),
                "zorgbrug.gateway.routes[0].called-ae-title = 'ZB_EXPORT_TO_UMC_X' is not allowed: an AE title of 1 to 16");
        refused(output, args("mem:config5", "--zorgbrug.gateway.routes[0].allowed-callers[0]=   "),
                "zorgbrug.gateway.routes[0].allowed-callers[0]");
        refused(output, args("mem:config6", "--zorgbrug.gateway.calling-ae-title=ZORG\\BRUG"),
                "zorgbrug.gateway.calling-ae-title = 'ZORG\\BRUG'");
        refused(output, args("mem:config7", "--zorgbrug.gateway.local-issuer=ziekenhuis-x"),
                "zorgbrug.gateway.local-issuer = 'ziekenhuis-x' is not allowed: an OID");
    }

    @Test
    void aDestinationMustBeInTheAddressBookOnceItHasEntries(CapturedOutput output) {
        String database = "file:" + dir.resolve("book") + "/zorgbrug";
        // A new node: the book is empty, the administrator fills it after the first start.
        try (ConfigurableApplicationContext node = start(args(database))) {
            assertThat(output.getOut()).contains("zorgbrug.gateway.routes[0].destination = 'umcx' is not in the address"
                    + " book, which is empty");
            node.getBean(AddressBook.class).save(new Institution("umcx", "UMC X", null, null, null, "UMCX", "127.0.0.1",
                    104, false, null, null, null));
        }
        try (ConfigurableApplicationContext again = start(args(database))) {
            assertThat(again.isActive()).isTrue();
        }
        refused(output, args(database, "--zorgbrug.gateway.routes[0].destination=umxc"),
                "zorgbrug.gateway.routes[0].destination = 'umxc' is not allowed: a key of the address book: umcx");
        refused(output, args(database, "--zorgbrug.gateway.routes[0].rules[0].attribute=Modality",
                        "--zorgbrug.gateway.routes[0].rules[0].matches=CT", "--zorgbrug.gateway.routes[0].rules[0].destination=ct-centrum"),
                "zorgbrug.gateway.routes[0].rules[0].destination = 'ct-centrum'");
    }

    /** Issue 19: the department's notice by e-mail or webhook; a misspelled key or a URL that cannot work stop the start. */
    @Test
    void theBgzDepartmentNoticeSettingsAreChecked(CapturedOutput output) {
        refused(output, args("mem:config10", "--zorgbrug.bgz.notice.webhok=https://alerts.example/zorgbrug"),
                "'webhok' is not a setting of zorgbrug.bgz.notice", "(did you mean webhook?)");
        refused(output, args("mem:config11", "--zorgbrug.bgz.notice.webhook=https//alerts.example/zorgbrug",
                        "--zorgbrug.bgz.notice.console-url=https://zorgbrug.hospital.example"),
                "zorgbrug.bgz.notice.webhook = 'https//alerts.example/zorgbrug' is not allowed");
    }

    /**
     * Issue 19: the specialisms an institution takes referrals for, and the departments told per specialism, are AGB
     * specialism codes; an unknown code or a misspelled key stops the start naming the key.
     */
    @Test
    void theBgzSpecialismsAreChecked(CapturedOutput output) {
        String[] peer = {"--zorgbrug.bgz.peers[0].institution=umcx",
                "--zorgbrug.bgz.peers[0].stu3-base=https://umcx.example/fhir/stu3",
                "--zorgbrug.bgz.peers[0].specialisms[0]=0320"};
        refused(output, args("mem:config12", peer[0], peer[1], peer[2], "--zorgbrug.bgz.peers[0].specialisms[1]=0399"),
                "zorgbrug.bgz.peers[0].specialisms[1] = '0399' is not allowed: an AGB medical specialism code",
                "0320");
        refused(output, args("mem:config13", peer[0], peer[1], "--zorgbrug.bgz.peers[0].specialism=0320"),
                "'specialism' is not a setting of zorgbrug.bgz.peers[0]", "(did you mean specialisms?)");
        refused(output, args("mem:config14", "--zorgbrug.bgz.notice.console-url=https://zorgbrug.hospital.example",
                        "--zorgbrug.bgz.notice.departments[0].specialism=320",
                        "--zorgbrug.bgz.notice.departments[0].webhook=https://alerts.example/cardiologie"),
                "zorgbrug.bgz.notice.departments[0].specialism = '320' is not allowed");
    }

    /**
     * Issue 19, the consent flow: a peer is requested from either with a fixed token or by its consent flow, never
     * both; the consent flow needs this hospital's URA (the client id); a token endpoint only with a credential; the
     * validity of the tokens issued here is positive; an organisation credential reads nobody, so it names no BSN.
     */
    @Test
    void theBgzConsentFlowSettingsAreChecked(CapturedOutput output) {
        String[] peer = {"--zorgbrug.bgz.peers[0].institution=umcx",
                "--zorgbrug.bgz.peers[0].stu3-base=https://umcx.example/fhir/stu3"};
        refused(output, args("mem:config15", peer[0], peer[1], "--zorgbrug.bgz.peers[0].token=fixed",
                        "--zorgbrug.bgz.peers[0].credential=secret", "--zorgbrug.audit.organisation-ura=00001234"),
                "zorgbrug.bgz.peers[0].credential = '(hidden)' is not allowed: either zorgbrug.bgz.peers[0].token");
        refused(output, args("mem:config16", peer[0], peer[1], "--zorgbrug.bgz.peers[0].credential=secret"),
                "zorgbrug.audit.organisation-ura is not set is not allowed: this hospital's URA",
                "zorgbrug.bgz.peers[0].credential");
        refused(output, args("mem:config17", peer[0], peer[1], "--zorgbrug.bgz.peers[0].token-endpoint="
                        + "https://umcx.example/token"),
                "zorgbrug.bgz.peers[0].token-endpoint = 'https://umcx.example/token' is not allowed: only with");
        refused(output, args("mem:config18", peer[0], peer[1], "--zorgbrug.bgz.peers[0].credentail=secret"),
                "'credentail' is not a setting of zorgbrug.bgz.peers[0]", "(did you mean credential?)");
        refused(output, args("mem:config19", "--zorgbrug.bgz.request-token-validity=0s"),
                "zorgbrug.bgz.request-token-validity = 'PT0S' is not allowed");
        refused(output, args("mem:config20", "--zorgbrug.bgz.tokens[0].token=credential-of-umcx",
                        "--zorgbrug.bgz.tokens[0].requester=true", "--zorgbrug.bgz.tokens[0].bsn=999909587",
                        "--zorgbrug.bgz.tokens[0].ura=90000777"),
                "zorgbrug.bgz.tokens[0].bsn", "no BSN with requester=true");
        refused(output, args("mem:config21", "--zorgbrug.bgz.tokens[0].token=credential-of-umcx",
                        "--zorgbrug.bgz.tokens[0].requester=true"),
                "zorgbrug.bgz.tokens[0].ura is not set is not allowed: the URA (8 digits)");
    }
}
