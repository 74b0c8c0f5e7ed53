package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.gateway.merge.InMemoryMergedPatients;
import nl.zorgbrug.gateway.quarantine.InMemoryQuarantine;
import nl.zorgbrug.gateway.route.Route;

/** Routes as an administrator configures them: destination rules, and the mistakes the node refuses to start with. */
class RouteConfigurationTest {
    static final SwapPolicy POLICY = SwapPolicy.of("2.16.528.1.1007.99.1");

    private static GatewayProperties gateway(GatewayProperties.RouteProperties... routes) {
        return new GatewayProperties(null, 11112, null, "2.16.528.1.1007.99.1", null, null, 0, List.of(routes), null,
                null, null);
    }

    private static GatewayProperties.RouteProperties route(String name, String ae, String destination,
                                                           GatewayProperties.RuleProperties... rules) {
        return new GatewayProperties.RouteProperties(name, ae, "export", destination, false, List.of(), null, List.of(rules));
    }

    private static List<Route> routes(GatewayProperties gateway, SwapPolicy policy, MasterPatientIndex mpi) {
        return new GatewayConfiguration().routeTable(gateway, policy, mpi, new InMemoryQuarantine(),
                new InMemoryMergedPatients()).routes();
    }

    @Test
    void rulesFromTheConfigurationChooseTheDestination() {
        List<Route> routes = routes(gateway(route("export", "ZB_EXPORT", "umcx",
                new GatewayProperties.RuleProperties("InstitutionalDepartmentName", "Cardio.*", "hartcentrum"))), POLICY, null);
        DataSet cardio = new DataSet().setString(Tag.InstitutionalDepartmentName, VR.LO, "Cardiologie");
        assertThat(routes.get(0).destinationFor(cardio)).isEqualTo("hartcentrum");
        assertThat(routes.get(0).destinationFor(new DataSet())).isEqualTo("umcx");
    }

    @Test
    void aWrongRuleOrTwoRoutesToOneDestinationStopTheNodeWithTheReason() {
        assertThatThrownBy(() -> routes(gateway(route("export", "ZB_EXPORT", "umcx",
                new GatewayProperties.RuleProperties("Afdeling", ".*", "x"))), POLICY, null))
                .hasMessageContaining("zorgbrug.gateway.routes 'export'").hasMessageContaining("'Afdeling' is neither a DICOM keyword");
        assertThatThrownBy(() -> routes(gateway(
                route("a", "ZB_A", "umcx"),
                route("b", "ZB_B", "mmc", new GatewayProperties.RuleProperties("Modality", "CT", "umcx"))), POLICY, null))
                .hasMessageContaining("zorgbrug.gateway.routes 'a' and 'b' both send EXPORT to 'umcx'");
    }

    @Test
    void aDirectionThatIsNeitherExportNorImportIsNamed() {
        GatewayProperties.RouteProperties sideways = new GatewayProperties.RouteProperties("x", "ZB_X", "sideways", "umcx",
                false, List.of(), null, List.of());
        assertThatThrownBy(() -> routes(gateway(sideways), POLICY, null))
                .hasMessage("zorgbrug.gateway.routes 'x': direction 'sideways' is neither export nor import");
    }

    @Test
    void anExportRouteAssumesTheLocalIssuerForTheCallersItNames() {
        GatewayProperties.RouteProperties export = new GatewayProperties.RouteProperties("export", "ZB_EXPORT", "export",
                "umcx", false, List.of(), null, List.of(), List.of("OWNPACS"));
        nl.zorgbrug.bsn.mpi.MasterPatientIndex mpi = nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex.inMemory(List.of(
                new nl.zorgbrug.bsn.mpi.MpiPatient("PAT-1", POLICY.localIssuer(), nl.zorgbrug.bsn.Bsn.parse("999911120"),
                        nl.zorgbrug.bsn.mpi.BsnStatus.VALIDATED, "Vries", "Ella", "19700101", "F")));
        Route route = routes(gateway(export), POLICY, mpi).get(0);
        DataSet noIssuer = new DataSet().setString(Tag.PatientID, VR.LO, "PAT-1")
                .setString(Tag.PatientName, VR.PN, "Vries^Ella").setString(Tag.PatientBirthDate, VR.DA, "19700101");
        assertThat(route.decide(noIssuer.copy(), "OWNPACS", java.time.Instant.now()))
                .isInstanceOf(nl.zorgbrug.gateway.route.RouteDecision.Forward.class);
        assertThat(route.decide(noIssuer.copy(), "MODALITY", java.time.Instant.now()))
                .isInstanceOf(nl.zorgbrug.gateway.route.RouteDecision.Hold.class);
        GatewayProperties.RouteProperties importing = new GatewayProperties.RouteProperties("import", "ZB_IMPORT",
                "import", "ownpacs", false, List.of(), null, List.of(), List.of("REMOTE"));
        assertThatThrownBy(() -> routes(gateway(importing), POLICY, mpi))
                .hasMessageContaining("assume-local-issuer-from is for export routes only");
    }
}
