package nl.zorgbrug.app.console;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import nl.zorgbrug.app.gateway.GatewayProperties;
import nl.zorgbrug.app.mpi.JdbcMasterPatientIndex;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.Spool;

/** The console's health page (what an administrator checks first) and the MPI search page. */
@Controller
public class StatusPage {
    private final HealthEndpoint health;
    private final Acceptor dicom;
    private final GatewayProperties gateway;
    private final List<Route> routes;
    private final Spool spool;
    private final JdbcTemplate jdbc;
    private final JdbcMasterPatientIndex mpi;

    public StatusPage(HealthEndpoint health, Acceptor dicom, GatewayProperties gateway, List<Route> routes, Spool spool,
                      JdbcTemplate jdbc, JdbcMasterPatientIndex mpi) {
        this.health = health;
        this.dicom = dicom;
        this.gateway = gateway;
        this.routes = routes;
        this.spool = spool;
        this.jdbc = jdbc;
        this.mpi = mpi;
    }

    @GetMapping("/status")
    public String status(Model model) throws IOException {
        model.addAttribute("health", health.health().getStatus().getCode());
        model.addAttribute("dicom", gateway.bind() + ":" + dicom.port());
        model.addAttribute("openAssociations", dicom.openConnections());
        model.addAttribute("routes", routes);
        var store = Files.getFileStore(spool.root());
        model.addAttribute("spool", spool.root().toAbsolutePath());
        model.addAttribute("spoolFreeGb", String.format("%.1f", store.getUsableSpace() / 1e9));
        Map<String, Long> jobs = new LinkedHashMap<>();
        for (JobState s : JobState.values()) {
            jobs.put(s.name(), jdbc.queryForObject("select count(*) from job where state = ?", Long.class, s.name()));
        }
        model.addAttribute("jobs", jobs);
        model.addAttribute("quarantined", jdbc.queryForObject(
                "select count(*) from quarantine_item where state = 'OPEN'", Long.class));
        model.addAttribute("mpiPatients", mpi.count());
        model.addAttribute("database", jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName()
                + " " + c.getMetaData().getDatabaseProductVersion()));
        return "status";
    }

    @GetMapping("/mpi")
    public String mpi(@RequestParam(required = false) String bsn, @RequestParam(required = false) String name,
                      @RequestParam(required = false) String birthDate, Authentication auth, Model model) {
        boolean full = auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_AUDITOR"));
        model.addAttribute("patients", mpi.search(bsn, name, birthDate).stream()
                .map(p -> nl.zorgbrug.app.mpi.MpiController.PatientView.of(p, full)).toList());
        model.addAttribute("bsn", bsn);
        model.addAttribute("name", name);
        model.addAttribute("birthDate", birthDate);
        return "mpi";
    }
}
