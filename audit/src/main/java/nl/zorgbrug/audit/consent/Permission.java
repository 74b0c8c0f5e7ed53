package nl.zorgbrug.audit.consent;

/** The answer for one data category. There is no "maybe": anything but a clear permit is a deny (Wabvpz). */
public enum Permission { PERMIT, DENY }
