//! A person's transfer pack made and written (issue 22): gathered and checked by the store,
//! sealed to the receiving establishment's card, written whole, then the making recorded (with
//! the consent, when it is given now) in one transaction. Should recording fail, the file is
//! removed: no pack exists that the record does not show.

use crate::actor::Actor;
use crate::error::Result;
use crate::model::ParticipantId;
use crate::store::transfers::{TransferMade, TransferTo};
use crate::store::Store;
use crate::transfer_pack;
use std::path::Path;

impl Store {
    /// Whether `person`'s pack for `to.to` would be made (consent, cards), before anyone chooses
    /// where it goes.
    pub fn check_transfer_pack(&self, actor: &Actor, person: ParticipantId, to: &TransferTo) -> Result<()> {
        self.transfer_pack_for(actor, person, to).map(|_| ())
    }

    /// Writes `person`'s transfer pack for `to.to` at `path`.
    pub fn make_transfer_pack(&mut self, actor: &Actor, person: ParticipantId, to: &TransferTo, path: &Path) -> Result<TransferMade> {
        let sealed = self.transfer_pack_for(actor, person, to)?;
        crate::files::write_whole(path, &transfer_pack::seal(&sealed.pack, &sealed.sealing_key, &sealed.signer))?;
        self.record_transfer_out(actor, &sealed, to.consent_given_on).inspect_err(|_| {
            let _ = std::fs::remove_file(path);
        })
    }
}
