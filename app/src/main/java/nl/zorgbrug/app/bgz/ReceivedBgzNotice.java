package nl.zorgbrug.app.bgz;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.dao.DataAccessException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import nl.zorgbrug.app.console.ConsoleUser;
import nl.zorgbrug.bgz.receive.ReceivedBgzStore;

/**
 * The department's notice of received BgZs (issue 19, "Receiving a Task or a BgZ notifies the configured
 * department"): every console page of a person who may open them shows how many nobody has opened yet.
 *
 * <p>Counted only for a page about to be rendered, not for API answers or redirects, and left out when the database
 * cannot be read: the error page that says the database cannot be written (disk full, issue 15) must still render.
 */
@Component
public class ReceivedBgzNotice implements HandlerInterceptor, WebMvcConfigurer {
    private final ReceivedBgzStore store;

    public ReceivedBgzNotice(ReceivedBgzStore store) {
        this.store = store;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                           ModelAndView page) {
        if (page == null || page.getViewName() == null || page.getViewName().startsWith("redirect:")) {
            return;
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || !ConsoleUser.of(auth).may("/bgz/received")) {
            return;
        }
        try {
            page.addObject("bgzUnseen", store.unseen());
        } catch (DataAccessException unreadable) {
            // The page goes without the notice; the database's state is on /actuator/health.
        }
    }
}
