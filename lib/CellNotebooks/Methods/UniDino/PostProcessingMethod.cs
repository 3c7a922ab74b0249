namespace CellNotebooks.Methods.UniDino;

/// <summary>uniDINO's <c>--norm_method</c> (methods.md §4.1), implemented in <see cref="ProfilePostProcessing"/>.</summary>
public enum PostProcessingMethod
{
    /// <summary><c>no_post_proc</c>: profiles as aggregated.</summary>
    None,

    /// <summary>Per plate: (x − mean) / std (pycytominer <c>standardize</c>, population std; constant features → 0).</summary>
    Standardize,

    /// <summary>Per plate: (x − median) / (1.4826·MAD + 1e-18) (pycytominer <c>mad_robustize</c>; the paper's choice).</summary>
    MadRobustize,

    /// <summary>Per plate: (x − median) / IQR (pycytominer <c>robustize</c>, sklearn RobustScaler; zero IQR → 1).</summary>
    Robustize,

    /// <summary>Over all profiles: ZCA-cor whitening (pycytominer <c>spherize</c>, ε 1e-6, centred).</summary>
    Spherize,
}
