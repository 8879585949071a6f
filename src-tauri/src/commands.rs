//! One Tauri command per command of `xaso_core::for_each_command!`: the `App` method of
//! the same name, its request as `req`, its answer or `ApiError` to the front end
//! (`invoke(name, { req })`). Made by the macro below, so the list is written once.
//! `async` keeps the database work off the window's main thread; each call is a tracing
//! span that logs its error.

use tauri::State;

#[allow(clippy::wildcard_imports)] // the list names the core's request and response types
use xaso_core::*;

macro_rules! adapters {
    ($($name:ident ( $($req:ty)? ) -> $resp:ty;)*) => {
        $(
            #[tauri::command(async)]
            #[tracing::instrument(skip_all, err)]
            pub fn $name(app: State<'_, App>, $(req: $req)?) -> Result<$resp, ApiError> {
                CommandAnswer::answer(app.$name($(adapters!(@req req: $req))?))
            }
        )*

        /// `tauri::generate_handler!` over every command.
        macro_rules! handler {
            () => { tauri::generate_handler![$(commands::$name),*] };
        }
        pub(crate) use handler;
    };
    (@req $req:ident : $ty:ty) => { $req };
}

xaso_core::for_each_command!(adapters);
