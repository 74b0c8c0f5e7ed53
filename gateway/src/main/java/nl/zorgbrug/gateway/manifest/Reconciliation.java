package nl.zorgbrug.gateway.manifest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import nl.zorgbrug.gateway.job.JobInstance;

/**
 * "Sent" against "received" for one job (issue 5, per-study delivery proof): the instances its manifest
 * announces, how many of them the job holds, and which are missing. Shown on the job detail page and in
 * the API; the same manifest UID and list appear on the sending node's export job.
 *
 * @param announced   how many instances the manifest references
 * @param present     how many of them the job holds (received, on an import job; spooled, on an export job)
 * @param missing     announced but not in the job
 * @param unannounced in the job but not announced (not counting manifests)
 */
public record Reconciliation(String manifestSopInstanceUid, String remark, String referralReason, int announced,
                             int present, List<String> missing, List<String> unannounced) {

    public boolean complete() {
        return missing.isEmpty();
    }

    public static Reconciliation of(StudyManifest manifest, List<JobInstance> instances) {
        Set<String> have = new HashSet<>();
        for (JobInstance i : instances) {
            have.add(i.sopInstanceUid());
        }
        Set<String> announced = new HashSet<>(manifest.sopInstanceUids());
        List<String> missing = new ArrayList<>();
        for (String uid : manifest.sopInstanceUids()) {
            if (!have.contains(uid)) {
                missing.add(uid);
            }
        }
        List<String> extra = new ArrayList<>();
        for (JobInstance i : instances) {
            String uid = i.sopInstanceUid();
            if (!announced.contains(uid) && !uid.equals(manifest.sopInstanceUid()) && !ManifestUids.isOurs(uid)) {
                extra.add(uid);
            }
        }
        return new Reconciliation(manifest.sopInstanceUid(), manifest.remark(), manifest.referralReason(),
                announced.size(), announced.size() - missing.size(), List.copyOf(missing), List.copyOf(extra));
    }
}
