"""One BLAS thread for a block of numpy/LAPACK work, process-wide and counted (threadpoolctl).

On the shared 2-CPU machine threaded OpenBLAS made small products 2-4x slower and far noisier
(bench/bench_projection.py --threads 2) and stalled dense eigendecompositions when another process held
a core (``eig`` of a 1,000 x 1,000 W: 6.0 s on two threads, 2.0 s on one; bench/bench_spatial.py).
"""

from __future__ import annotations

import contextlib
import functools
import threading


@functools.cache
def _blas_controller():
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # without it BLAS keeps its own threading: slower, same results
        return None
    return ThreadpoolController()


_BLAS_USERS_LOCK = threading.Lock()
_blas_users = 0
_blas_limiter = None


@contextlib.contextmanager
def single_threaded_blas():
    """A context limiting BLAS to one thread. The limit is process-wide, so it is counted: set by the
    first of overlapping calls (Streamlit sessions run in threads) and restored by the last."""
    global _blas_users, _blas_limiter
    controller = _blas_controller()
    if controller is None:
        yield
        return
    with _BLAS_USERS_LOCK:
        if _blas_users == 0:
            _blas_limiter = controller.limit(limits=1, user_api="blas")
        _blas_users += 1
    try:
        yield
    finally:
        with _BLAS_USERS_LOCK:
            _blas_users -= 1
            if _blas_users == 0:
                _blas_limiter.restore_original_limits()
