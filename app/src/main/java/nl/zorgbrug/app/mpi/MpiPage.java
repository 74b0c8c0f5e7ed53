package nl.zorgbrug.app.mpi;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import nl.zorgbrug.bsn.mpi.MpiStore;

/** The console's MPI search page: the BSN whole only for auditors, as in the API. */
@Controller
public class MpiPage {
    private final MpiStore mpi;

    public MpiPage(MpiStore mpi) {
        this.mpi = mpi;
    }

    @GetMapping("/mpi")
    public String mpi(@RequestParam(required = false) String bsn, @RequestParam(required = false) String name,
                      @RequestParam(required = false) String birthDate, Authentication auth, Model model) {
        boolean full = MpiController.maySeeBsn(auth);
        model.addAttribute("patients", mpi.search(bsn, name, birthDate).stream()
                .map(p -> MpiController.PatientView.of(p, full)).toList());
        model.addAttribute("bsn", bsn);
        model.addAttribute("name", name);
        model.addAttribute("birthDate", birthDate);
        return "mpi";
    }
}
