package nl.zorgbrug.app.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code zorgbrug.http.*} settings: how large a request body may be (issue 15: a 39 MB CSV took the heap from
 * 257 MB to 1.2 GB). STOW-RS bodies carry whole studies and are streamed to the spool, so they get their own limit.
 *
 * @param maxBodySize     the most any request but STOW-RS may send (default 20 MB: CSV imports, JSON)
 * @param maxStowBodySize the most one STOW-RS request may send (default 4 GB)
 */
@ConfigurationProperties("zorgbrug.http")
public record HttpProperties(DataSize maxBodySize, DataSize maxStowBodySize) {

    public HttpProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(20) : maxBodySize;
        maxStowBodySize = maxStowBodySize == null ? DataSize.ofGigabytes(4) : maxStowBodySize;
    }
}
