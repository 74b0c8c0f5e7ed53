package nl.zorgbrug.bgz.receive;

/**
 * Told of every BgZ stored as received, after it is stored (issue 19: "Receiving a Task or a BgZ notifies the
 * configured department"): in the node the department's notice in the console and the log. A listener's failure
 * does not undo the receipt.
 */
@FunctionalInterface
public interface ReceiptListener {
    void received(ReceivedBgz.Summary received);
}
