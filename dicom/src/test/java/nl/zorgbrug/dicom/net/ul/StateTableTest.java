package nl.zorgbrug.dicom.net.ul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class StateTableTest {

    @Test
    void entriesQuotedFromPs38Table910() {
        assertThat(StateTable.action(State.STA1, Event.EVT5)).isEqualTo(Action.AE_5);
        assertThat(StateTable.action(State.STA2, Event.EVT6)).isEqualTo(Action.AE_6);
        assertThat(StateTable.action(State.STA2, Event.EVT18)).isEqualTo(Action.AA_2);
        assertThat(StateTable.action(State.STA5, Event.EVT3)).isEqualTo(Action.AE_3);
        assertThat(StateTable.action(State.STA5, Event.EVT4)).isEqualTo(Action.AE_4);
        assertThat(StateTable.action(State.STA6, Event.EVT10)).isEqualTo(Action.DT_2);
        assertThat(StateTable.action(State.STA6, Event.EVT12)).isEqualTo(Action.AR_2);
        assertThat(StateTable.action(State.STA7, Event.EVT10)).isEqualTo(Action.AR_6);
        assertThat(StateTable.action(State.STA7, Event.EVT12)).isEqualTo(Action.AR_8);
        assertThat(StateTable.action(State.STA10, Event.EVT13)).isEqualTo(Action.AR_10);
        assertThat(StateTable.action(State.STA11, Event.EVT13)).isEqualTo(Action.AR_3);
        assertThat(StateTable.action(State.STA13, Event.EVT17)).isEqualTo(Action.AR_5);
        assertThat(StateTable.action(State.STA13, Event.EVT6)).isEqualTo(Action.AA_7);
        assertThat(StateTable.action(State.STA13, Event.EVT10)).isEqualTo(Action.AA_6);
        assertThat(StateTable.action(State.STA6, Event.EVT19)).isEqualTo(Action.AA_8);
    }

    @Test
    void everyReceivedPduHasAnAnswerInEveryStateWithAConnection() {
        Set<Event> received = EnumSet.of(Event.EVT3, Event.EVT4, Event.EVT6, Event.EVT10, Event.EVT12, Event.EVT13,
                Event.EVT16, Event.EVT17, Event.EVT19);
        for (State s : State.values()) {
            if (s == State.STA1 || s == State.STA4) {
                continue; // no connection (Sta1) or not yet connected (Sta4)
            }
            for (Event e : received) {
                assertThat(StateTable.action(s, e)).as("%s in %s", e, s).isNotNull();
            }
        }
    }

    @Test
    void artimOnlyRunsInSta2AndSta13() {
        for (State s : State.values()) {
            boolean defined = StateTable.action(s, Event.EVT18) != null;
            assertThat(defined).as("ARTIM expiry in %s", s).isEqualTo(s == State.STA2 || s == State.STA13);
        }
    }

    @Test
    void acceptorHappyPathAndRelease() {
        ProtocolMachine m = new ProtocolMachine(false);
        assertThat(m.fire(Event.EVT5)).isEqualTo(Action.AE_5);
        assertThat(m.fire(Event.EVT6)).isEqualTo(Action.AE_6);
        assertThat(m.state()).isEqualTo(State.STA3);
        assertThat(m.fire(Event.EVT7)).isEqualTo(Action.AE_7);
        assertThat(m.state()).isEqualTo(State.STA6);
        assertThat(m.fire(Event.EVT10)).isEqualTo(Action.DT_2);
        assertThat(m.fire(Event.EVT9)).isEqualTo(Action.DT_1);
        assertThat(m.fire(Event.EVT12)).isEqualTo(Action.AR_2);
        assertThat(m.state()).isEqualTo(State.STA8);
        assertThat(m.fire(Event.EVT14)).isEqualTo(Action.AR_4);
        assertThat(m.state()).isEqualTo(State.STA13);
        assertThat(m.fire(Event.EVT17)).isEqualTo(Action.AR_5);
        assertThat(m.state()).isEqualTo(State.STA1);
    }

    @Test
    void rejectedRequestGoesToSta13() {
        ProtocolMachine m = new ProtocolMachine(false);
        m.fire(Event.EVT5);
        assertThat(m.fire(Event.EVT6, true)).isEqualTo(Action.AE_6);
        assertThat(m.state()).isEqualTo(State.STA13);
    }

    @Test
    void releaseCollisionOnBothSides() {
        ProtocolMachine requestor = new ProtocolMachine(true);
        requestor.fire(Event.EVT1);
        requestor.fire(Event.EVT2);
        requestor.fire(Event.EVT3);
        requestor.fire(Event.EVT11);
        assertThat(requestor.fire(Event.EVT12)).isEqualTo(Action.AR_8);
        assertThat(requestor.state()).isEqualTo(State.STA9);
        assertThat(requestor.fire(Event.EVT14)).isEqualTo(Action.AR_9);
        assertThat(requestor.state()).isEqualTo(State.STA11);
        assertThat(requestor.fire(Event.EVT13)).isEqualTo(Action.AR_3);
        assertThat(requestor.state()).isEqualTo(State.STA1);

        ProtocolMachine acceptor = new ProtocolMachine(false);
        acceptor.fire(Event.EVT5);
        acceptor.fire(Event.EVT6);
        acceptor.fire(Event.EVT7);
        acceptor.fire(Event.EVT11);
        acceptor.fire(Event.EVT12);
        assertThat(acceptor.state()).isEqualTo(State.STA10);
        assertThat(acceptor.fire(Event.EVT13)).isEqualTo(Action.AR_10);
        assertThat(acceptor.state()).isEqualTo(State.STA12);
        assertThat(acceptor.fire(Event.EVT14)).isEqualTo(Action.AR_4);
        assertThat(acceptor.state()).isEqualTo(State.STA13);
    }

    @Test
    void sendingDataBeforeAssociationIsRefused() {
        ProtocolMachine m = new ProtocolMachine(true);
        assertThat(m.allows(Event.EVT9)).isFalse();
        assertThatThrownBy(() -> m.fire(Event.EVT9)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Sta1");
    }
}
