from flask import Blueprint

bp = Blueprint("participants", __name__)


@bp.record_once
def _register_labels(state) -> None:  # type: ignore[no-untyped-def]
    from . import labels

    labels.init_app(state.app)


from . import routes, tenancies  # noqa: F401
