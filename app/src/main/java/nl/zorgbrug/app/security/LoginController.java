package nl.zorgbrug.app.security;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import nl.zorgbrug.app.access.NotPatientData;

/** The login page: the local users' form, and the way to the hospital's identity provider when it is configured. */
@Controller
public class LoginController {
    private final OidcProperties oidc;

    public LoginController(OidcProperties oidc) {
        this.oidc = oidc;
    }

    @NotPatientData("the login form")
    @GetMapping("/login")
    public String login(Model model) {
        if (oidc.enabled()) {
            model.addAttribute("oidcLogin", "/oauth2/authorization/" + OidcProperties.REGISTRATION_ID);
            model.addAttribute("oidcName", oidc.displayName());
        }
        return "login";
    }
}
