//! A command answered by name, with JSON in and out, exactly as the shell's Tauri adapters
//! answer it (both are made from `for_each_command!`). The UI's browser tests reach the
//! real core through it (`xaso-ui-bridge`), so they can never pass against a core that
//! answers differently from the app's.

use serde::de::DeserializeOwned;
use serde_json::Value;
use xaso_domain::Bilingual;

use crate::App;
use crate::api::*;
use crate::budget::api::*;
use crate::error::{ApiError, ErrorCode};
use crate::sync::api::*;
use crate::training::api::*;

/// What a command's `App` method answers, as the UI receives it: most methods can fail;
/// the two status reads cannot.
pub trait CommandAnswer {
    /// The response type the UI receives on success.
    type Value;
    /// The method's answer as a `Result`: infallible answers become `Ok`.
    fn answer(self) -> Result<Self::Value, ApiError>;
}

impl<T> CommandAnswer for Result<T, ApiError> {
    type Value = T;
    fn answer(self) -> Result<T, ApiError> {
        self
    }
}

impl CommandAnswer for AppStatus {
    type Value = AppStatus;
    fn answer(self) -> Result<AppStatus, ApiError> {
        Ok(self)
    }
}

impl CommandAnswer for SyncView {
    type Value = SyncView;
    fn answer(self) -> Result<SyncView, ApiError> {
        Ok(self)
    }
}

/// The request of a command, from its arguments as the UI sends them (`{ req: … }`).
fn request<T: DeserializeOwned>(app: &App, command: &str, args: &Value) -> Result<T, ApiError> {
    let req = args.get("req").cloned().unwrap_or(Value::Null);
    serde_json::from_value(req).map_err(|e| {
        ApiError::new(
            ErrorCode::Validation,
            &Bilingual::new(
                format!("Yêu cầu “{command}” không đọc được: {e}."),
                format!("The request of “{command}” could not be read: {e}."),
            ),
            app.locale(),
        )
    })
}

fn to_json<T: serde::Serialize>(value: T) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|e| ApiError {
        code: ErrorCode::Internal,
        message: format!("answer not serializable: {e}"),
        fields: Vec::new(),
    })
}

macro_rules! dispatcher {
    ($($name:ident ( $($req:ty)? ) -> $resp:ty;)*) => {
        /// Answers `command` with `args` (`{ "req": … }` for a command that takes a
        /// request), as the app's window would receive it; an unknown command is an
        /// error, not a panic.
        pub fn dispatch(app: &App, command: &str, args: &Value) -> Result<Value, ApiError> {
            match command {
                $(stringify!($name) => {
                    let answer: $resp =
                        CommandAnswer::answer(app.$name($(request::<$req>(app, command, args)?)?))?;
                    to_json(answer)
                })*
                other => Err(ApiError::new(
                    ErrorCode::NotFound,
                    &Bilingual::new(
                        format!("Không có lệnh “{other}”."),
                        format!("There is no command “{other}”."),
                    ),
                    app.locale(),
                )),
            }
        }
    };
}

crate::for_each_command!(dispatcher);
