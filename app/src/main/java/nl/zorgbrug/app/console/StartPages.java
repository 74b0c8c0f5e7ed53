package nl.zorgbrug.app.console;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import nl.zorgbrug.app.access.AccessPolicy;

/**
 * The console's start page is the job list; a person whose roles show no jobs is sent to the start page of their
 * own work instead (issue 17: the privacy officer's page). Before every other interceptor, so the redirect leaves no
 * audit event of a job list that was never shown.
 */
@Component
public class StartPages implements WebMvcConfigurer {

    /** Where a person who may not see the job list starts, or null for the job list. */
    static String startOf(Set<AccessPolicy.UserRole> roles) {
        if (AccessPolicy.allows("GET", "/jobs/table", roles, true)) {
            return null;
        }
        return AccessPolicy.allows("GET", "/privacy", roles, true) ? "/privacy" : null;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws java.io.IOException {
                Authentication who = SecurityContextHolder.getContext().getAuthentication();
                String start = "GET".equals(request.getMethod()) ? startOf(AccessPolicy.rolesOf(who)) : null;
                if (start == null) {
                    return true;
                }
                response.sendRedirect(request.getContextPath() + start);
                return false;
            }
        }).addPathPatterns("/").order(Ordered.HIGHEST_PRECEDENCE);
    }
}
