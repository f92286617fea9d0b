<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionWorker</name>
    <message>
        <source>Refused: the key is empty</source>
        <translation>已拒绝：键为空</translation>
    </message>
    <message>
        <source>Refused: the ttl must be at least 1 ms, got %1 ms</source>
        <translation>已拒绝：TTL 至少为 1 ms，实际为 %1 ms</translation>
    </message>
    <message>
        <source>Refused: no key given</source>
        <translation>已拒绝：未指定键</translation>
    </message>
    <message>
        <source>Refused: bad retry strategy &quot;%1&quot;: %2</source>
        <translation>已拒绝：重试策略“%1”无效：%2</translation>
    </message>
    <message>
        <source>Not obtained: %1 (cancelled)</source>
        <translation>未获取：%1（已取消）</translation>
    </message>
    <message>
        <source>Obtained %1 for %2 ms (token %3)</source>
        <translation>已获取 %1，TTL %2 ms（令牌 %3）</translation>
    </message>
    <message>
        <source>Obtain of %1 failed: %2</source>
        <translation>获取 %1 失败：%2</translation>
    </message>
    <message>
        <source>Refused: %1 is not a lock this app holds</source>
        <translation>已拒绝：%1 不是本应用持有的锁</translation>
    </message>
    <message>
        <source>Refreshed %1 to %2 ms</source>
        <translation>已将 %1 续期至 %2 ms</translation>
    </message>
    <message>
        <source>Not refreshed: %1 expired or belongs to someone else now</source>
        <translation>未续期：%1 已过期或已归他人所有</translation>
    </message>
    <message>
        <source>Refresh of %1 failed: %2</source>
        <translation>续期 %1 失败：%2</translation>
    </message>
    <message>
        <source>Released %1</source>
        <translation>已释放 %1</translation>
    </message>
    <message>
        <source>Not released: %1 expired or belongs to someone else now</source>
        <translation>未释放：%1 已过期或已归他人所有</translation>
    </message>
    <message>
        <source>Release of %1 failed: %2</source>
        <translation>释放 %1 失败：%2</translation>
    </message>
    <message>
        <source>Refused: no value to compare against (the key held an empty value)</source>
        <translation>已拒绝：没有可供比较的值（该键的值为空）</translation>
    </message>
    <message>
        <source>Force-released %1: it still held the value shown</source>
        <translation>已强制释放 %1：其值仍与显示的一致</translation>
    </message>
    <message>
        <source>Force-release of %1 failed: %2</source>
        <translation>强制释放 %1 失败：%2</translation>
    </message>
    <message>
        <source>Not deleted: %1 is gone already (expired or released)</source>
        <translation>未删除：%1 已不存在（已过期或已释放）</translation>
    </message>
    <message>
        <source>Not deleted: only the first %1 of the %2 bytes of %3 were shown, and compare-and-delete needs the whole value</source>
        <translation>未删除：%3 的 %2 字节中只显示了前 %1 字节，而比较并删除需要完整的值</translation>
    </message>
    <message>
        <source>Not deleted: %1 changed hands, it holds another value now</source>
        <translation>未删除：%1 已易主，现在的值已不同</translation>
    </message>
    <message>
        <source>Delete of %1 failed: %2</source>
        <translation>删除 %1 失败：%2</translation>
    </message>
    <message>
        <source>Deleted %1 regardless of its value</source>
        <translation>已强制删除 %1（不论其值）</translation>
    </message>
    <message>
        <source>Nothing deleted: %1 did not exist</source>
        <translation>未删除任何内容：%1 不存在</translation>
    </message>
    <message numerus="yes">
        <source>Not obtained: %1 was still held by another token when its ttl had passed (%n attempt(s))</source>
        <translation>
            <numerusform>未获取：直到 ttl 到期 %1 仍被其他令牌持有（%n 次尝试）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not obtained: %1 is held by another token (%n attempt(s))</source>
        <translation>
            <numerusform>未获取：%1 被其他令牌持有（%n 次尝试）</numerusform>
        </translation>
    </message>
    <message>
        <source>Expiry not set: %1 is gone already (expired or released)</source>
        <translation>未设置过期时间：%1 已不存在（已过期或已释放）</translation>
    </message>
    <message>
        <source>Expiry not set: only the first %1 of the %2 bytes of %3 were shown, and the compare needs the whole value</source>
        <translation>未设置过期时间：%3 的 %2 字节中只显示了前 %1 字节，而比较需要完整的值</translation>
    </message>
    <message>
        <source>Expiry not set: %1 changed hands, it holds another value now</source>
        <translation>未设置过期时间：%1 已易主，现在保存的是另一个值</translation>
    </message>
    <message>
        <source>Set the expiry of %1 to %2 ms: it still held the value shown</source>
        <translation>已将 %1 的过期时间设为 %2 ms：它仍保存着所显示的值</translation>
    </message>
    <message>
        <source>Setting the expiry of %1 failed: %2</source>
        <translation>设置 %1 的过期时间失败：%2</translation>
    </message>
    <message>
        <source>Force-released holder %1 of %2: the hash still held what was shown</source>
        <translation>已强制释放 %2 的持有者 %1：哈希仍与显示的内容一致</translation>
    </message>
    <message>
        <source>Not removed: %1 is gone already (expired or released)</source>
        <translation>未移除：%1 已不存在（已过期或已释放）</translation>
    </message>
    <message>
        <source>Not removed: the holders or hold counts of %1 changed since it was shown; nothing was done</source>
        <translation>未移除：%1 的持有者或持有次数在显示后已改变；未做任何操作</translation>
    </message>
</context>
<context>
    <name>ActivityModel</name>
    <message>
        <source>%1
value: %2</source>
        <translation>%1
值：%2</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>obtain</source>
        <translation>获取</translation>
    </message>
    <message>
        <source>refresh</source>
        <translation>续期</translation>
    </message>
    <message>
        <source>release</source>
        <translation>释放</translation>
    </message>
    <message>
        <source>force release</source>
        <translation>强制释放</translation>
    </message>
    <message>
        <source>delete regardless</source>
        <translation>强制删除</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>not obtained</source>
        <translation>未获取</translation>
    </message>
    <message>
        <source>not held</source>
        <translation>未持有</translation>
    </message>
    <message>
        <source>changed hands</source>
        <translation>已易手</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>set expiry</source>
        <translation>设置过期时间</translation>
    </message>
    <message>
        <source>harness run</source>
        <translation>压测运行</translation>
    </message>
    <message>
        <source>started</source>
        <translation>已开始</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failover</source>
        <translation>故障转移</translation>
    </message>
</context>
<context>
    <name>ActivityWidget</name>
    <message>
        <source>Open log file location</source>
        <translation>打开日志文件所在位置</translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <source>Problems (all but done)</source>
        <translation>问题（除“完成”外的全部）</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Log: %1 (unreadable lines skipped: %2)</source>
        <translation>日志：%1（已跳过无法读取的行：%2）</translation>
    </message>
    <message>
        <source>Log: %1</source>
        <translation>日志：%1</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>Audit log: cannot create the folder %1</source>
        <translation>审计日志：无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>Audit log: cannot open %1: %2</source>
        <translation>审计日志：无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Audit log: cannot write to %1: %2</source>
        <translation>审计日志：无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>AuxKeysDialog</name>
    <message>
        <source>no expiry</source>
        <translation>永不过期</translation>
    </message>
    <message>
        <source>gone</source>
        <translation>已不存在</translation>
    </message>
    <message>
        <source>Auxiliary keys</source>
        <translation>辅助键</translation>
    </message>
    <message>
        <source>Keys that lock libraries keep beside their locks, grouped under their locks. An orphan&apos;s lock is gone: nothing will delete it (Redisson never deletes its fence tokens).</source>
        <translation>各锁库在锁旁保存的键，按所属的锁分组。孤立键的锁已不存在：不会有任何东西删除它（Redisson 从不删除它的栅栏令牌）。</translation>
    </message>
    <message>
        <source>Lock / auxiliary key</source>
        <translation>锁 / 辅助键</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>TTL</source>
        <translation>TTL</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>&amp;Rescan</source>
        <translation>重新扫描(&amp;R)</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>正在扫描…</translation>
    </message>
    <message>
        <source>The scan failed: %1</source>
        <translation>扫描失败：%1</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>about %1 (MEMORY USAGE of %2 sampled)</source>
        <translation>约 %1（抽样 %2 个键的 MEMORY USAGE）</translation>
    </message>
    <message>
        <source>%1 auxiliary keys, no orphans</source>
        <translation>%1 个辅助键，无孤立键</translation>
    </message>
    <message>
        <source>%1 auxiliary keys, %2 orphans using %3</source>
        <translation>%1 个辅助键，%2 个孤立键，占用 %3</translation>
    </message>
    <message>
        <source>lock</source>
        <translation>锁</translation>
    </message>
    <message>
        <source>gone: its keys below are orphans</source>
        <translation>已不存在：下面的键是孤立键</translation>
    </message>
    <message>
        <source>exists</source>
        <translation>存在</translation>
    </message>
    <message>
        <source>orphan, %1 bytes</source>
        <translation>孤立键，%1 字节</translation>
    </message>
    <message>
        <source>orphan</source>
        <translation>孤立键</translation>
    </message>
</context>
<context>
    <name>BackoffChartsWidget</name>
    <message>
        <source>attempt</source>
        <translation>尝试序号</translation>
    </message>
    <message>
        <source>Wait before each attempt</source>
        <translation>每次尝试前的等待</translation>
    </message>
    <message>
        <source>wait (ms)</source>
        <translation>等待（ms）</translation>
    </message>
    <message>
        <source>When each attempt starts</source>
        <translation>每次尝试的开始时间</translation>
    </message>
    <message>
        <source>time since the first (ms)</source>
        <translation>距首次尝试的时间（ms）</translation>
    </message>
    <message>
        <source>deadline %1</source>
        <translation>截止时间 %1</translation>
    </message>
</context>
<context>
    <name>BackoffLabWidget</name>
    <message>
        <source>1 attempt</source>
        <translation>1 次尝试</translation>
    </message>
    <message>
        <source>%1 attempts</source>
        <translation>%1 次尝试</translation>
    </message>
    <message>
        <source>Strategies</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Tick to show a strategy on the charts; select it to edit it and to see its schedule</source>
        <translation>勾选以在图表中显示策略；选中以编辑它并查看其时间表</translation>
    </message>
    <message>
        <source>Add a copy of the selected strategy to overlay and edit</source>
        <translation>添加所选策略的副本，用于叠加对比和编辑</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Selected strategy</source>
        <translation>所选策略</translation>
    </message>
    <message>
        <source>Lock and deadline</source>
        <translation>锁与截止时间</translation>
    </message>
    <message>
        <source>The lock&apos;s ttl. Without a deadline of the caller&apos;s, obtain() stops retrying at now + ttl, as the Go library does</source>
        <translation>锁的 TTL。调用方未设截止时间时，obtain() 在 now + TTL 时停止重试，与 Go 库的行为一致</translation>
    </message>
    <message>
        <source>&amp;TTL:</source>
        <translation>TTL(&amp;T)：</translation>
    </message>
    <message>
        <source>the ttl (no caller deadline)</source>
        <translation>TTL（调用方无截止时间）</translation>
    </message>
    <message>
        <source>A deadline of the caller&apos;s, measured from the first attempt; empty: the ttl</source>
        <translation>调用方的截止时间，从首次尝试起算；留空则为 TTL</translation>
    </message>
    <message>
        <source>&amp;Deadline:</source>
        <translation>截止时间(&amp;D)：</translation>
    </message>
    <message>
        <source>How many attempts to compute and chart</source>
        <translation>计算并绘制多少次尝试</translation>
    </message>
    <message>
        <source>&amp;Jitter band: the range over %1 seeds</source>
        <translation>抖动范围带(&amp;J)：%1 个种子的取值范围</translation>
    </message>
    <message>
        <source>For the selected jitter strategy, shade the least and the most each attempt&apos;s wait and start were over many seeds</source>
        <translation>对所选的抖动策略，用阴影标出多个种子下每次尝试的等待时间与开始时间的最小值和最大值</translation>
    </message>
    <message>
        <source>Wait chart as PNG or PDF…</source>
        <translation>等待时间图（PNG 或 PDF）…</translation>
    </message>
    <message>
        <source>Start-time chart as PNG or PDF…</source>
        <translation>开始时间图（PNG 或 PDF）…</translation>
    </message>
    <message>
        <source>Schedule table as CSV…</source>
        <translation>时间表（CSV）…</translation>
    </message>
    <message>
        <source>Cosy&apos;s test: limit(linear(100ms),10), ttl 100 ms</source>
        <translation>Cosy 的测试：limit(linear(100ms),10)，TTL 100 ms</translation>
    </message>
    <message>
        <source>Go library: exponential(16ms,1s), and limited to 5 retries</source>
        <translation>Go 库：exponential(16ms,1s)，及限制为 5 次重试</translation>
    </message>
    <message>
        <source>AWS blog: exponential against the three jitters, ttl 5 s</source>
        <translation>AWS 博客：指数退避对比三种抖动，TTL 5 秒</translation>
    </message>
    <message>
        <source>Linear 100 ms against exponential(16ms,1s)</source>
        <translation>线性 100 ms 对比 exponential(16ms,1s)</translation>
    </message>
    <message>
        <source>TTL: a lock needs at least 1 ms</source>
        <translation>TTL：锁至少需要 1 ms</translation>
    </message>
    <message>
        <source>TTL: %1</source>
        <translation>TTL：%1</translation>
    </message>
    <message>
        <source>Deadline: %1</source>
        <translation>截止时间：%1</translation>
    </message>
    <message>
        <source>The deadline (%1) ends retrying after %2; the strategy allowed %3.</source>
        <translation>截止时间（%1）使重试在 %2后终止；策略本允许 %3 次。</translation>
    </message>
    <message>
        <source>The deadline (%1) ends retrying after %2; the strategy alone would go on past the %3 shown.</source>
        <translation>截止时间（%1）使重试在 %2后终止；若只看策略，重试会超出所显示的 %3。</translation>
    </message>
    <message>
        <source>No retries: one attempt, then &quot;not obtained&quot;. The deadline (%1) plays no part.</source>
        <translation>不重试：尝试一次，然后“未获取”。截止时间（%1）不起作用。</translation>
    </message>
    <message>
        <source>The strategy ends retrying after %1, the last starting at %2, before the deadline (%3).</source>
        <translation>策略在 %1后停止重试，最后一次开始于 %2，早于截止时间（%3）。</translation>
    </message>
    <message>
        <source>All %1 shown start before the deadline (%2), the last at %3; show more attempts to see where the deadline cuts in.</source>
        <translation>所显示的 %1 均在截止时间（%2）之前开始，最后一次在 %3；显示更多尝试可看到截止时间从何处截断。</translation>
    </message>
    <message>
        <source>Schedule of %1</source>
        <translation>%1 的时间表</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>时间表</translation>
    </message>
    <message>
        <source>Add a strategy to see its schedule.</source>
        <translation>添加策略以查看其时间表。</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Could not save %1</source>
        <translation>无法保存 %1</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG 图像 (*.png);;PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Export schedule</source>
        <translation>导出时间表</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Attempts sho&amp;wn:</source>
        <translation>显示的尝试次数(&amp;W)：</translation>
    </message>
    <message>
        <source>Lo&amp;garithmic wait axis</source>
        <translation>对数等待轴(&amp;G)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Each wait lasts until the key is released, at most as long as shown: the times are the latest each attempt starts. </source>
        <translation>每次等待持续到键被释放为止，最长为所示时间：图中时间是每次尝试最晚的开始时间。</translation>
    </message>
</context>
<context>
    <name>BusiestLocksWidget</name>
    <message>
        <source>The busiest locks of the last</source>
        <translation>最繁忙的锁，时间范围：最近</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>at most</source>
        <translation>最多</translation>
    </message>
    <message>
        <source> locks</source>
        <translation> 个锁</translation>
    </message>
    <message>
        <source>No lock was taken, refreshed or released in this time. Locks show up here as the inspector sees them change.</source>
        <translation>这段时间内没有锁被获取、续期或释放。检查器看到锁发生变化时，它们会显示在这里。</translation>
    </message>
    <message>
        <source>Click a row to select the lock in the Locks tab.</source>
        <translation>单击一行即可在“锁”标签页中选中该锁。</translation>
    </message>
    <message numerus="yes">
        <source>%n lock(s) shown</source>
        <translation>
            <numerusform>显示 %n 个锁</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) with a history</source>
        <translation>
            <numerusform>%n 个有历史的键</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Connect to Redis</source>
        <translation>连接到 Redis</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>optional; shown in menus and the audit log</source>
        <translation>可选；显示在菜单和审计日志中</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>URL(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>&amp;CA file:</source>
        <translation>CA 文件(&amp;C)：</translation>
    </message>
    <message>
        <source>the system&apos;s trusted CAs</source>
        <translation>系统信任的 CA</translation>
    </message>
    <message>
        <source>CA certificates (PEM)</source>
        <translation>CA 证书（PEM）</translation>
    </message>
    <message>
        <source>Client certificate (PEM)</source>
        <translation>客户端证书（PEM）</translation>
    </message>
    <message>
        <source>Client &amp;key:</source>
        <translation>客户端私钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Client private key (PEM)</source>
        <translation>客户端私钥（PEM）</translation>
    </message>
    <message>
        <source>the host in the URL</source>
        <translation>URL 中的主机名</translation>
    </message>
    <message>
        <source>Server name (&amp;SNI):</source>
        <translation>服务器名称 (&amp;SNI)：</translation>
    </message>
    <message>
        <source>Do not &amp;verify the server&apos;s certificate (insecure)</source>
        <translation>不验证服务器证书（不安全）(&amp;V)</translation>
    </message>
    <message>
        <source>Anyone between you and the server can read the traffic and pose as the server. Use only for testing.</source>
        <translation>你与服务器之间的任何人都能读取流量并冒充服务器。仅用于测试。</translation>
    </message>
    <message>
        <source>Locks</source>
        <translation>锁</translation>
    </message>
    <message>
        <source>Cosy&apos;s Prefix: lock keys are &quot;&lt;prefix&gt;:&lt;key&gt;&quot;.</source>
        <translation>Cosy 的 Prefix：锁的键为 &quot;&lt;prefix&gt;:&lt;key&gt;&quot;。</translation>
    </message>
    <message>
        <source>The keys to list, as a SCAN MATCH glob.</source>
        <translation>要列出的键，以 SCAN MATCH glob 表示。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>Also read values as a token of this length followed by metadata, besides the standard 22-byte tokens.</source>
        <translation>除标准的 22 字节令牌外，也将值解析为此长度的令牌加元数据。</translation>
    </message>
    <message>
        <source>&amp;Read-only: never write through this connection</source>
        <translation>只读(&amp;R)：绝不通过此连接写入</translation>
    </message>
    <message>
        <source>P&amp;attern:</source>
        <translation>匹配模式(&amp;A)：</translation>
    </message>
    <message>
        <source>Custom &amp;token length:</source>
        <translation>自定义令牌长度(&amp;T)：</translation>
    </message>
    <message>
        <source>Re&amp;member the password in the system keychain</source>
        <translation>在系统钥匙串中记住密码(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Import app.ini…</source>
        <translation>导入 app.ini(&amp;I)…</translation>
    </message>
    <message>
        <source>Fill URL, password and prefix from the [redis] section of a Cosy app.ini.</source>
        <translation>从 Cosy app.ini 的 [redis] 节填入 URL、密码和前缀。</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Import failed: %1</source>
        <translation>导入失败：%1</translation>
    </message>
    <message>
        <source>Import failed: %1: Addr: %2</source>
        <translation>导入失败：%1：Addr：%2</translation>
    </message>
    <message>
        <source>Imported %1: %2%3</source>
        <translation>已导入 %1：%2%3</translation>
    </message>
    <message>
        <source>, prefix %1</source>
        <translation>，前缀 %1</translation>
    </message>
    <message>
        <source>The password was moved from the URL to the password field.</source>
        <translation>密码已从 URL 移到密码字段。</translation>
    </message>
    <message>
        <source>%1 (default)</source>
        <translation>%1（默认）</translation>
    </message>
    <message>
        <source>Enter a redis://, rediss:// or unix:// URL.</source>
        <translation>请输入 redis://、rediss:// 或 unix:// URL。</translation>
    </message>
    <message>
        <source>Invalid: %1</source>
        <translation>无效：%1</translation>
    </message>
    <message>
        <source>The password goes to the system keychain, never to a file.</source>
        <translation>密码保存在系统钥匙串中，绝不写入文件。</translation>
    </message>
    <message>
        <source>No system keychain is available: the password will be asked each time.</source>
        <translation>没有可用的系统钥匙串：每次都需要输入密码。</translation>
    </message>
    <message>
        <source>Remember the password (no system keychain available)</source>
        <translation>记住密码（没有可用的系统钥匙串）</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key *.cert);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.key *.cert);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import a Cosy app.ini</source>
        <translation>导入 Cosy app.ini</translation>
    </message>
    <message>
        <source>Cosy settings (*.ini);;All files (*)</source>
        <translation>Cosy 配置 (*.ini);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Client c&amp;ertificate:</source>
        <translation>客户端证书(&amp;E)：</translation>
    </message>
    <message>
        <source>Key pre&amp;fix:</source>
        <translation>键前缀(&amp;F)：</translation>
    </message>
    <message>
        <source>Save this c&amp;onnection</source>
        <translation>保存此连接(&amp;O)</translation>
    </message>
    <message>
        <source>redis://[user@]host[:port][/db], rediss://… for TLS, unix:///path/to/socket[?db=N], redis-cluster://host:port,… (seed nodes) or redis-sentinel://host:port,…/MASTER[/db]. The password goes in its own field.</source>
        <translation>redis://[user@]host[:port][/db]，TLS 用 rediss://…，unix:///path/to/socket[?db=N]，redis-cluster://host:port,…（种子节点）或 redis-sentinel://host:port,…/MASTER[/db]。密码填在单独的字段里。</translation>
    </message>
    <message>
        <source>Standalone server</source>
        <translation>单机服务器</translation>
    </message>
    <message>
        <source>Redis Cluster</source>
        <translation>Redis 集群</translation>
    </message>
    <message>
        <source>Sentinel</source>
        <translation>哨兵</translation>
    </message>
    <message>
        <source>host:port of some cluster nodes (any one that answers tells the rest), or of the sentinels</source>
        <translation>若干集群节点的 host:port（任何一个应答的节点都会告知其余节点），或哨兵的 host:port</translation>
    </message>
    <message>
        <source>The name the sentinels monitor the master under</source>
        <translation>哨兵监控该主节点时所用的名称</translation>
    </message>
    <message>
        <source>The sentinels&apos; own password, when they have one (the password above is the master&apos;s)</source>
        <translation>哨兵自己的密码（如有；上面的密码是主节点的）</translation>
    </message>
    <message>
        <source>Seed &amp;list:</source>
        <translation>种子节点(&amp;L)：</translation>
    </message>
    <message>
        <source>Master name:</source>
        <translation>主节点名称：</translation>
    </message>
    <message>
        <source>Sentinel pass&amp;word:</source>
        <translation>哨兵密码(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Deployment:</source>
        <translation>部署方式(&amp;D)：</translation>
    </message>
    <message>
        <source>Sentine&amp;ls:</source>
        <translation>哨兵(&amp;L)：</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>A holder that keeps a lock longer than this by refreshing it is flagged as an anomaly (held too long).</source>
        <translation>持有者通过续期保持锁的时间超过此值时，标记为异常（持有过久）。</translation>
    </message>
    <message>
        <source>Maximum &amp;hold:</source>
        <translation>最长持有(&amp;H)：</translation>
    </message>
    <message>
        <source> commands/s</source>
        <translation> 条命令/秒</translation>
    </message>
    <message>
        <source>How many commands a second the inspector may send to this server to re-read TTLs and rescan, whatever the number of locks. Lower it for a busy production server.</source>
        <translation>检查器每秒最多可向此服务器发送多少条命令，用于重新读取 TTL 和重新扫描，与锁的数量无关。对于繁忙的生产服务器，请调低此值。</translation>
    </message>
    <message>
        <source>Re-sync &amp;budget:</source>
        <translation>重新同步预算(&amp;B)：</translation>
    </message>
    <message>
        <source>default (%1 commands/s)</source>
        <translation>默认（%1 条命令/秒）</translation>
    </message>
</context>
<context>
    <name>ConnectionState</name>
    <message>
        <source>Disconnected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
</context>
<context>
    <name>ConnectionStore</name>
    <message>
        <source>No system keychain: the password will be asked each time.</source>
        <translation>没有系统钥匙串：每次都需要输入密码。</translation>
    </message>
    <message>
        <source>No system keychain (%1): the password will be asked each time.</source>
        <translation>没有系统钥匙串（%1）：每次都需要输入密码。</translation>
    </message>
    <message>
        <source>The keychain did not store the password: %1</source>
        <translation>系统钥匙串未能保存密码：%1</translation>
    </message>
</context>
<context>
    <name>ConnectionUrl</name>
    <message>
        <source>TCP %1</source>
        <translation>TCP %1</translation>
    </message>
    <message>
        <source>TLS %1</source>
        <translation>TLS %1</translation>
    </message>
    <message>
        <source>Unix socket %1</source>
        <translation>Unix 套接字 %1</translation>
    </message>
    <message>
        <source>%1, database %2</source>
        <translation>%1，数据库 %2</translation>
    </message>
    <message>
        <source>, user %1</source>
        <translation>，用户 %1</translation>
    </message>
    <message>
        <source>, certificate not verified</source>
        <translation>，未验证证书</translation>
    </message>
    <message>
        <source>Redis Cluster, 1 seed node%1</source>
        <translation>Redis 集群，1 个种子节点%1</translation>
    </message>
    <message>
        <source> (TLS)</source>
        <translation>（TLS）</translation>
    </message>
    <message>
        <source>Redis Cluster, %1 seed nodes%2</source>
        <translation>Redis 集群，%1 个种子节点%2</translation>
    </message>
    <message numerus="yes">
        <source>Master %1 as %n sentinel(s) name it, database %2</source>
        <translation>
            <numerusform>%n 个哨兵所称的主节点 %1，数据库 %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DurationText</name>
    <message>
        <source>0 ms</source>
        <translation>0 ms</translation>
    </message>
    <message>
        <source>%1 ns</source>
        <translation>%1 ns</translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>Not obtained: another holder has the lock</source>
        <translation>未获取：锁由其他持有者占用</translation>
    </message>
    <message>
        <source>Not held: the lock expired or belongs to someone else now</source>
        <translation>未持有：锁已过期或现已属于他人</translation>
    </message>
    <message>
        <source>Not obtained before the deadline</source>
        <translation>截止时间前未能获取</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Invalid input; nothing was sent to the server</source>
        <translation>输入无效；未向服务器发送任何内容</translation>
    </message>
    <message>
        <source>The connection URL or address cannot be read</source>
        <translation>无法解析连接 URL 或地址</translation>
    </message>
    <message>
        <source>Cannot connect: refused, unreachable or unknown host</source>
        <translation>无法连接：被拒绝、不可达或主机未知</translation>
    </message>
    <message>
        <source>The server did not answer in time</source>
        <translation>服务器未在规定时间内应答</translation>
    </message>
    <message>
        <source>The connection was closed or broke</source>
        <translation>连接已关闭或中断</translation>
    </message>
    <message>
        <source>The peer does not speak the Redis protocol</source>
        <translation>对端不使用 Redis 协议</translation>
    </message>
    <message>
        <source>TLS failed: setup, handshake or certificate</source>
        <translation>TLS 失败：配置、握手或证书问题</translation>
    </message>
    <message>
        <source>Authentication failed: wrong or missing password or user</source>
        <translation>认证失败：密码或用户名错误或缺失</translation>
    </message>
    <message>
        <source>The server answered with an error</source>
        <translation>服务器返回了错误</translation>
    </message>
</context>
<context>
    <name>ForceReleaseDialog</name>
    <message>
        <source>Force release %1</source>
        <translation>强制释放 %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;This lock is not held by this app.&lt;/b&gt; Force release deletes the key only if it still holds exactly the value shown below: a compare-and-delete run on the server in one step. If the lock changed hands meanwhile, nothing is deleted and you are told so.</source>
        <translation>&lt;b&gt;此锁不由本应用持有。&lt;/b&gt;强制释放仅在键的值仍与下方所示完全一致时才删除它：这是在服务器上一步完成的比较并删除。如果锁在此期间已易主，则不会删除任何内容，并会提示你。</translation>
    </message>
    <message>
        <source>(none: the value is not in a lock format)</source>
        <translation>（无：该值不是锁格式）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Only the first %1 of %2 bytes were read; bytes that are not UTF-8 are shown as \xNN.</source>
        <translation>只读取了 %2 字节中的前 %1 字节；非 UTF-8 字节显示为 \xNN。</translation>
    </message>
    <message>
        <source>Length in bytes: %1; bytes that are not UTF-8 are shown as \xNN.</source>
        <translation>长度：%1 字节；非 UTF-8 字节显示为 \xNN。</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>键：</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>令牌：</translation>
    </message>
    <message>
        <source>Metadata (JSON):</source>
        <translation>元数据（JSON）：</translation>
    </message>
    <message>
        <source>Metadata:</source>
        <translation>元数据：</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>值：</translation>
    </message>
    <message>
        <source>TTL when read:</source>
        <translation>读取时的 TTL：</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Only part of the value was read, so it cannot be compared; use Delete regardless, or re-read the key.</source>
        <translation>只读取了部分值，无法比较；请使用“强制删除”，或重新读取该键。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Delete regardless&lt;/b&gt; runs DEL on the key: it removes whatever the key holds when the command arrives, even a lock that another process obtained after this one was read. That process will believe it still holds its lock.</source>
        <translation>&lt;b&gt;强制删除&lt;/b&gt;对该键执行 DEL：命令到达时键中无论是什么都会被删除，即使是另一个进程在本次读取之后才获取的锁。那个进程会以为自己仍持有锁。</translation>
    </message>
    <message>
        <source>I understand: delete the key whatever it holds</source>
        <translation>我已了解：无论键中是什么都删除</translation>
    </message>
    <message>
        <source>Delete regardless…</source>
        <translation>强制删除…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Force release</source>
        <translation>强制释放</translation>
    </message>
    <message>
        <source>Delete the key only if its value is still the one shown</source>
        <translation>仅当键的值仍为所示值时才删除</translation>
    </message>
    <message>
        <source>no expiry (stuck)</source>
        <translation>永不过期（卡死）</translation>
    </message>
    <message>
        <source>gone</source>
        <translation>已不存在</translation>
    </message>
    <message>
        <source>%1 ms left</source>
        <translation>剩余 %1 ms</translation>
    </message>
    <message>
        <source>%1 s left</source>
        <translation>剩余 %1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s left</source>
        <translation>剩余 %1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min left</source>
        <translation>剩余 %1 小时 %2 分</translation>
    </message>
    <message>
        <source>Run DEL now</source>
        <translation>立即执行 DEL</translation>
    </message>
    <message>
        <source>&lt;b&gt;This lock is not held by this app.&lt;/b&gt; Force release removes the holder you choose from the hash only if the hash still holds exactly the fields shown below, run on the server in one step; the hash goes with its last holder, and Redisson&apos;s waiters are told. If the holders or hold counts changed meanwhile, nothing is removed and you are told so.</source>
        <translation>&lt;b&gt;此锁不由本应用持有。&lt;/b&gt;仅当哈希仍然恰好包含下面显示的字段时，强制释放才会从哈希中移除你选择的持有者，并在服务器上一步完成；最后一个持有者移除时哈希随之删除，并通知 Redisson 的等待者。如果持有者或持有次数在此期间发生变化，则不会移除任何内容，并会告知你。</translation>
    </message>
    <message>
        <source>(none: a Redisson hash names its holders instead)</source>
        <translation>（无：Redisson 哈希改为列出其持有者）</translation>
    </message>
    <message>
        <source>%1 = %2</source>
        <translation>%1 = %2</translation>
    </message>
    <message>
        <source>Fields: %1; bytes that are not UTF-8 are shown as \xNN.</source>
        <translation>字段：%1；非 UTF-8 的字节显示为 \xNN。</translation>
    </message>
    <message>
        <source>Only the first %1 fields were read.</source>
        <translation>只读取了前 %1 个字段。</translation>
    </message>
    <message>
        <source>client %1, thread %2, held %3×</source>
        <translation>客户端 %1，线程 %2，持有 %3 次</translation>
    </message>
    <message>
        <source>%1 (writer)</source>
        <translation>%1（写者）</translation>
    </message>
    <message>
        <source>%1 (reader)</source>
        <translation>%1（读者）</translation>
    </message>
    <message>
        <source>Holder to remove:</source>
        <translation>要移除的持有者：</translation>
    </message>
    <message>
        <source>Only part of the hash was read, so it cannot be compared; use Delete regardless, or re-read the key.</source>
        <translation>只读取了哈希的一部分，因此无法比较；请使用“强制删除”，或重新读取该键。</translation>
    </message>
    <message>
        <source>The hash has no holder to remove.</source>
        <translation>该哈希没有可移除的持有者。</translation>
    </message>
    <message>
        <source>Force release compares string values and Redisson hashes; this key holds a %1 of no known lock format.</source>
        <translation>强制释放只比较字符串值和 Redisson 哈希；此键保存的是不属于任何已知锁格式的 %1。</translation>
    </message>
    <message>
        <source>Remove the chosen holder only if the hash is still the one shown</source>
        <translation>仅当哈希仍与显示的一致时才移除所选持有者</translation>
    </message>
</context>
<context>
    <name>HarnessResultModel</name>
    <message>
        <source>Overlapping holders seen by the harness&apos;s own check, independent of the lock</source>
        <translation>争用测试自身检查（独立于锁）发现的重叠持有</translation>
    </message>
    <message>
        <source>%1 (cancelled)</source>
        <translation>%1（已取消）</translation>
    </message>
    <message>
        <source>Requests to Redis (obtain attempts and releases) per acquisition</source>
        <translation>每次成功获取所需的 Redis 请求数（获取尝试与释放）</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Calls/acq.</source>
        <translation>调用/获取</translation>
    </message>
    <message>
        <source>Acq./s</source>
        <translation>获取/秒</translation>
    </message>
    <message>
        <source>p50 ms</source>
        <translation>p50 ms</translation>
    </message>
    <message>
        <source>p99 ms</source>
        <translation>p99 ms</translation>
    </message>
    <message>
        <source>Fairness</source>
        <translation>公平性</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>违例</translation>
    </message>
    <message>
        <source>%1
Waiting for its turn</source>
        <translation>%1
等待轮到它</translation>
    </message>
    <message>
        <source>%1
Running</source>
        <translation>%1
运行中</translation>
    </message>
    <message>
        <source>%1
Done</source>
        <translation>%1
完成</translation>
    </message>
    <message>
        <source>%1
Cancelled: the numbers cover the run until then</source>
        <translation>%1
已取消：数据只涵盖取消前的运行</translation>
    </message>
    <message>
        <source>The retry strategy of this run, as lockctl --retry takes it</source>
        <translation>本次运行的重试策略，格式同 lockctl --retry</translation>
    </message>
    <message>
        <source>How many times a client obtained the lock</source>
        <translation>客户端获取到锁的次数</translation>
    </message>
    <message>
        <source>Obtain calls made: acquisitions, &quot;not obtained&quot; and errors</source>
        <translation>发出的获取调用：获取成功、“未获取”和错误</translation>
    </message>
    <message>
        <source>Requests sent to Redis: every obtain attempt and every release</source>
        <translation>发送给 Redis 的请求：每次获取尝试和每次释放</translation>
    </message>
    <message>
        <source>Acquisitions per second of the run&apos;s elapsed time</source>
        <translation>按运行耗时计算的每秒获取次数</translation>
    </message>
    <message>
        <source>Median wait until acquired, from when a client started wanting the lock (ms): half the acquisitions waited less</source>
        <translation>从客户端开始请求锁到获取的等待时间中位数（ms）：一半的获取等待更短</translation>
    </message>
    <message>
        <source>99th percentile of the wait until acquired (ms): the slow tail</source>
        <translation>获取前等待时间的第 99 百分位（ms）：慢速尾部</translation>
    </message>
    <message>
        <source>Jain&apos;s fairness index of the acquisitions per client: 1 when every client got the same share, 1/N when one client got them all</source>
        <translation>各客户端获取次数的 Jain 公平性指数：每个客户端份额相同时为 1，全部被一个客户端获取时为 1/N</translation>
    </message>
    <message>
        <source>Times two clients held the lock at once, seen by the harness&apos;s own check (independent of the lock): anything but 0 is a bug</source>
        <translation>两个客户端同时持有锁的次数，由测试工具自己的检查（独立于锁）发现：非 0 即为缺陷</translation>
    </message>
    <message>
        <source>Acquired</source>
        <translation>获取次数</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>调用</translation>
    </message>
    <message>
        <source>Attempts that found the lock held by another client: the cost of waiting this way (a release that wakes every waiter makes many)</source>
        <translation>发现锁被其他客户端持有的尝试：这种等待方式的代价（一次释放唤醒所有等待者会产生很多这样的尝试）</translation>
    </message>
    <message>
        <source>Wasted</source>
        <translation>浪费</translation>
    </message>
</context>
<context>
    <name>HarnessRunner</name>
    <message numerus="yes">
        <source>Harness run started: %n client(s), strategies %1</source>
        <translation>
            <numerusform>压测运行已开始：%n 个客户端，策略 %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Harness run cancelled: %n client(s), strategies %1</source>
        <translation>
            <numerusform>压测运行已取消：%n 个客户端，策略 %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Harness run finished: %n client(s), strategies %1</source>
        <translation>
            <numerusform>压测运行已完成：%n 个客户端，策略 %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Harness run failed: %n client(s), strategies %1: %2</source>
        <translation>
            <numerusform>压测运行失败：%n 个客户端，策略 %1：%2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HarnessWidget</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Every attempt of every run: strategy, client, start, end, outcome</source>
        <translation>每轮运行的每次尝试：策略、客户端、开始、结束、结果</translation>
    </message>
    <message>
        <source>The chart shown, as an image</source>
        <translation>当前图表，导出为图像</translation>
    </message>
    <message>
        <source>The chart shown, as a PDF</source>
        <translation>当前图表，导出为 PDF</translation>
    </message>
    <message>
        <source>Each client opens a connection of its own</source>
        <translation>每个客户端各自打开一个连接</translation>
    </message>
    <message>
        <source>How long a client holds the lock: fixed (5ms) or a range (1ms..10ms)</source>
        <translation>客户端持有锁的时长：固定值（5ms）或范围（1ms..10ms）</translation>
    </message>
    <message>
        <source>The lock&apos;s ttl; also how long one obtain call retries</source>
        <translation>锁的 TTL；也是一次获取调用的重试时限</translation>
    </message>
    <message>
        <source>Acquisitions</source>
        <translation>获取次数</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Strategies:</source>
        <translation>策略(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;TTL:</source>
        <translation>TTL(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>键(&amp;K)：</translation>
    </message>
    <message>
        <source>Which strategy&apos;s run to show</source>
        <translation>显示哪个策略的运行</translation>
    </message>
    <message>
        <source>not obtained</source>
        <translation>未获取</translation>
    </message>
    <message>
        <source>acquired</source>
        <translation>已获取</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>time since the run started (ms)</source>
        <translation>自运行开始的时间（ms）</translation>
    </message>
    <message>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试</translation>
    </message>
    <message>
        <source>wait until acquired (ms)</source>
        <translation>获取前的等待（ms）</translation>
    </message>
    <message>
        <source>share of acquisitions</source>
        <translation>获取占比</translation>
    </message>
    <message>
        <source>Wait times</source>
        <translation>等待时间</translation>
    </message>
    <message>
        <source>Redis calls per acquisition</source>
        <translation>每次获取的 Redis 调用</translation>
    </message>
    <message>
        <source>Acquisitions per second</source>
        <translation>每秒获取次数</translation>
    </message>
    <message>
        <source>Fairness (Jain)</source>
        <translation>公平性（Jain 指数）</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Connect to a Redis server first</source>
        <translation>请先连接到 Redis 服务器</translation>
    </message>
    <message>
        <source>Run against %1</source>
        <translation>在 %1 上运行</translation>
    </message>
    <message>
        <source>Strategy: %1</source>
        <translation>策略：%1</translation>
    </message>
    <message>
        <source>Hold: %1</source>
        <translation>持有时长：%1</translation>
    </message>
    <message>
        <source>TTL: %1</source>
        <translation>TTL：%1</translation>
    </message>
    <message>
        <source>Duration: %1</source>
        <translation>时长：%1</translation>
    </message>
    <message>
        <source>Duration: must be longer than 0</source>
        <translation>时长：必须大于 0</translation>
    </message>
    <message numerus="yes">
        <source>Connecting %n client(s)…</source>
        <translation>
            <numerusform>正在连接 %n 个客户端…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelling: clients release the lock…</source>
        <translation>正在取消：客户端正在释放锁…</translation>
    </message>
    <message>
        <source>%1 (%2 of %3): %4 acquisitions, %5 attempts</source>
        <translation>%1（第 %2/%3 轮）：%4 次获取，%5 次尝试</translation>
    </message>
    <message>
        <source>Could not run: %1</source>
        <translation>无法运行：%1</translation>
    </message>
    <message>
        <source>Cancelled after %1</source>
        <translation>已取消（%1）</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>完成：%1</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Export attempts</source>
        <translation>导出尝试记录</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n 轮运行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n violation(s)</source>
        <translation>
            <numerusform>%n 次违例</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Cl&amp;ients:</source>
        <translation>客户端(&amp;I)：</translation>
    </message>
    <message>
        <source>Hol&amp;d:</source>
        <translation>持有时间(&amp;D)：</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>run %1 of %2 · %3 acquisitions</source>
        <translation>第 %1 / %2 次运行 · 获取 %3 次</translation>
    </message>
    <message>
        <source>%1 · %2 acquisitions</source>
        <translation>%1 · 获取 %2 次</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>One retry strategy per line, run one after the other: none, linear(100ms), exponential(16ms,1s), limit(SPEC,N), fulljitter(16ms,1s), equaljitter(16ms,1s), decorrelated(16ms,1s), notify(SPEC) (waits for the key&apos;s release, bounded by SPEC; needs keyspace events on the server)</source>
        <translation>每行一个重试策略，依次运行：none、linear(100ms)、exponential(16ms,1s)、limit(SPEC,N)、fulljitter(16ms,1s)、equaljitter(16ms,1s)、decorrelated(16ms,1s)、notify(SPEC)（等待键被释放，以 SPEC 为上限；需要服务器开启键空间事件）</translation>
    </message>
</context>
<context>
    <name>HelpDialogs</name>
    <message>
        <source>Filter syntax</source>
        <translation>过滤语法</translation>
    </message>
    <message>
        <source>&lt;p&gt;The filter box above the locks table (Ctrl+F) keeps the rows that match every term, case-insensitively:&lt;/p&gt;&lt;table cellspacing=&apos;6&apos;&gt;&lt;tr&gt;&lt;td&gt;&lt;code&gt;orders 42&lt;/code&gt;&lt;/td&gt;&lt;td&gt;words: each must appear in the key or the metadata as shown&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;code&gt;format:redislock&lt;/code&gt;&lt;/td&gt;&lt;td&gt;locks in the redislock/Cosy format (22-character token and metadata)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;code&gt;format:custom&lt;/code&gt;&lt;/td&gt;&lt;td&gt;locks with the custom token length of the connection&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;code&gt;format:raw&lt;/code&gt;&lt;/td&gt;&lt;td&gt;values that fit no lock format&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;code&gt;is:stuck&lt;/code&gt;&lt;/td&gt;&lt;td&gt;locks without an expiry&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;code&gt;is:held&lt;/code&gt;&lt;/td&gt;&lt;td&gt;locks this app obtained and still holds&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;p&gt;Terms combine: &lt;code&gt;is:stuck format:raw shop&lt;/code&gt;. An unknown &lt;code&gt;format:&lt;/code&gt; or &lt;code&gt;is:&lt;/code&gt; term matches nothing. The filter only hides rows; which keys are listed at all is the connection&apos;s pattern.&lt;/p&gt;</source>
        <translation>&lt;p&gt;锁表格上方的过滤框（Ctrl+F）只保留匹配所有条件的行，不区分大小写：&lt;/p&gt;&lt;table cellspacing=&apos;6&apos;&gt;&lt;tr&gt;&lt;td&gt;&lt;code&gt;orders 42&lt;/code&gt;&lt;/td&gt;&lt;td&gt;词：每个词都必须出现在显示的键或元数据中&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;code&gt;format:redislock&lt;/code&gt;&lt;/td&gt;&lt;td&gt;redislock/Cosy 格式的锁（22 个字符的令牌加元数据）&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;code&gt;format:custom&lt;/code&gt;&lt;/td&gt;&lt;td&gt;符合连接所设自定义令牌长度的锁&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;code&gt;format:raw&lt;/code&gt;&lt;/td&gt;&lt;td&gt;不符合任何锁格式的值&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;code&gt;is:stuck&lt;/code&gt;&lt;/td&gt;&lt;td&gt;没有过期时间的锁&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;code&gt;is:held&lt;/code&gt;&lt;/td&gt;&lt;td&gt;本应用获取且仍持有的锁&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;p&gt;条件可以组合：&lt;code&gt;is:stuck format:raw shop&lt;/code&gt;。未知的 &lt;code&gt;format:&lt;/code&gt; 或 &lt;code&gt;is:&lt;/code&gt; 条件不匹配任何行。过滤只隐藏行；列出哪些键由连接的匹配模式决定。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Alt with an underlined letter opens that menu or tab, or goes to that field.</source>
        <translation>Alt 加带下划线的字母可打开对应的菜单或标签页，或跳到对应的字段。</translation>
    </message>
    <message>
        <source>&lt;table cellspacing=&apos;6&apos;&gt;&lt;tr&gt;&lt;td&gt;&lt;code&gt;is:anomaly&lt;/code&gt;&lt;/td&gt;&lt;td&gt;locks whose history this app flagged (the orange badge beside the key)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;code&gt;anomaly:NAME&lt;/code&gt;&lt;/td&gt;&lt;td&gt;one kind: &lt;code&gt;no-expiry&lt;/code&gt;, &lt;code&gt;held-too-long&lt;/code&gt; (renewed past the connection&apos;s maximum hold), &lt;code&gt;late-refresh&lt;/code&gt; (refreshed with less than 20 % of its lease left), &lt;code&gt;zombie-refresh&lt;/code&gt; (its holder&apos;s token came back after it expired), &lt;code&gt;fast-handover&lt;/code&gt; (a new holder within 50 ms of the old one&apos;s expiry)&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;table cellspacing=&apos;6&apos;&gt;&lt;tr&gt;&lt;td&gt;&lt;code&gt;is:anomaly&lt;/code&gt;&lt;/td&gt;&lt;td&gt;本应用在其历史中标记了异常的锁（键旁的橙色标记）&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;code&gt;anomaly:NAME&lt;/code&gt;&lt;/td&gt;&lt;td&gt;某一类异常：&lt;code&gt;no-expiry&lt;/code&gt;（永不过期）、&lt;code&gt;held-too-long&lt;/code&gt;（续期超过连接设置的最长持有时间）、&lt;code&gt;late-refresh&lt;/code&gt;（续期时剩余租期不足 20 %）、&lt;code&gt;zombie-refresh&lt;/code&gt;（锁过期后其持有者的令牌又出现）、&lt;code&gt;fast-handover&lt;/code&gt;（旧持有者过期后 50 ms 内出现新持有者）&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
</context>
<context>
    <name>HistoryText</name>
    <message>
        <source>first seen</source>
        <translation>首次看到</translation>
    </message>
    <message>
        <source>obtained</source>
        <translation>已获取</translation>
    </message>
    <message>
        <source>refreshed</source>
        <translation>已续期</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>已转手</translation>
    </message>
    <message>
        <source>released</source>
        <translation>已释放</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>evicted</source>
        <translation>被驱逐</translation>
    </message>
    <message>
        <source>deleted by this app</source>
        <translation>被本应用删除</translation>
    </message>
    <message>
        <source>No expiry</source>
        <translation>永不过期</translation>
    </message>
    <message>
        <source>Held too long</source>
        <translation>持有过久</translation>
    </message>
    <message>
        <source>Late refresh</source>
        <translation>续期过晚</translation>
    </message>
    <message>
        <source>Refreshed after expiry</source>
        <translation>过期后又续期</translation>
    </message>
    <message>
        <source>Handed over at expiry</source>
        <translation>过期即被接手</translation>
    </message>
    <message>
        <source>Nothing frees this lock unless it is deleted.</source>
        <translation>除非被删除，否则没有任何东西会释放此锁。</translation>
    </message>
    <message>
        <source>One holder kept renewing it past the maximum hold.</source>
        <translation>同一个持有者不断续期，超过了最长持有时间。</translation>
    </message>
    <message>
        <source>Refreshed with less than a fifth of its lease left: a pause longer than that loses the lock.</source>
        <translation>续期时剩余租期不足五分之一：比这更长的停顿就会失去锁。</translation>
    </message>
    <message>
        <source>Its holder&apos;s token came back after the lock expired: a holder that lost the lock without noticing and still acts as its owner.</source>
        <translation>锁过期后其持有者的令牌又出现了：持有者在不知情的情况下失去了锁，却仍以所有者身份行事。</translation>
    </message>
    <message>
        <source>A new holder took it right as the previous one expired: the old holder may still have been working.</source>
        <translation>上一个持有者刚过期，新持有者就获取了它：旧持有者可能仍在工作。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>the key has no expiry: nothing frees it unless it is deleted</source>
        <translation>该键没有过期时间：除非被删除，否则不会被释放</translation>
    </message>
    <message>
        <source>refreshed 1 time</source>
        <translation>续期 1 次</translation>
    </message>
    <message>
        <source>refreshed %1 times</source>
        <translation>续期 %1 次</translation>
    </message>
    <message>
        <source>held for at least %1 by one holder (%2), over the %3 maximum</source>
        <translation>同一持有者已持有至少 %1（%2），超过最长持有时间 %3</translation>
    </message>
    <message>
        <source>held for %1 by one holder (%2), over the %3 maximum</source>
        <translation>同一持有者持有了 %1（%2），超过最长持有时间 %3</translation>
    </message>
    <message>
        <source>refreshed with %1 ms of %2 ms left</source>
        <translation>续期时租期 %2 ms 只剩 %1 ms</translation>
    </message>
    <message>
        <source>the token that expired %1 ago is back: its holder still acts as the owner</source>
        <translation>%1 前已过期的令牌又出现了：其持有者仍以所有者身份行事</translation>
    </message>
    <message>
        <source>a new holder %1 ms after the previous one expired</source>
        <translation>上一个持有者过期后 %1 ms 出现了新持有者</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
</context>
<context>
    <name>HistoryTimelineWidget</name>
    <message>
        <source>Holder: %1</source>
        <translation>持有者：%1</translation>
    </message>
    <message>
        <source>Obtained %1</source>
        <translation>获取于 %1</translation>
    </message>
    <message>
        <source>First seen %1 (already held)</source>
        <translation>首次看到于 %1（已被持有）</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Still held</source>
        <translation>仍被持有</translation>
    </message>
    <message>
        <source>Held %1</source>
        <translation>持有 %1</translation>
    </message>
    <message numerus="yes">
        <source>, %n refresh(es)</source>
        <translation>
            <numerusform>，续期 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>, lease %1</source>
        <translation>，租期 %1</translation>
    </message>
    <message>
        <source>a holder</source>
        <translation>一个持有者</translation>
    </message>
    <message>
        <source>refresh</source>
        <translation>续期</translation>
    </message>
    <message>
        <source>released</source>
        <translation>已释放</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>deleted by this app</source>
        <translation>被本应用删除</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>已转手</translation>
    </message>
    <message>
        <source>anomaly</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>TTL: no expiry</source>
        <translation>TTL：永不过期</translation>
    </message>
    <message>
        <source>TTL, up to %1</source>
        <translation>TTL，最高 %1</translation>
    </message>
</context>
<context>
    <name>InspectorSession</name>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>Disconnected from %1</source>
        <translation>已断开与 %1 的连接</translation>
    </message>
    <message>
        <source>Refused: not connected</source>
        <translation>已拒绝：未连接</translation>
    </message>
    <message>
        <source>%1; still connected to %2</source>
        <translation>%1；仍连接着 %2</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
</context>
<context>
    <name>InspectorWorker</name>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
    <message>
        <source>Connected to %1 (Redis %2)</source>
        <translation>已连接到 %1（Redis %2）</translation>
    </message>
    <message>
        <source>Reading the server info</source>
        <translation>读取服务器信息</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1失败：%2</translation>
    </message>
    <message>
        <source>Reconnected to %1</source>
        <translation>已重新连接到 %1</translation>
    </message>
    <message>
        <source>Scanning</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>Re-reading ttls</source>
        <translation>重新读取 TTL</translation>
    </message>
    <message>
        <source>Reading changed keys</source>
        <translation>读取已变更的键</translation>
    </message>
    <message>
        <source>Lost the connection to %1 (%2); reconnecting…</source>
        <translation>与 %1 的连接已断开（%2）；正在重新连接…</translation>
    </message>
    <message>
        <source>Failover: the master of slots %1 moved %2 → %3</source>
        <translation>故障转移：槽 %1 的主节点从 %2 移到 %3</translation>
    </message>
    <message>
        <source>Failover: %1 moved %2 → %3</source>
        <translation>故障转移：%1 从 %2 移到 %3</translation>
    </message>
</context>
<context>
    <name>LockDetailWidget</name>
    <message>
        <source>Select a lock to see its value, metadata, TTL history and the commands its actions run.</source>
        <translation>选择一个锁，查看其值、元数据、TTL 历史以及各操作将执行的命令。</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>令牌：</translation>
    </message>
    <message>
        <source>TTL:</source>
        <translation>TTL：</translation>
    </message>
    <message>
        <source>Refreshes:</source>
        <translation>续期次数：</translation>
    </message>
    <message>
        <source>Held:</source>
        <translation>持有：</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>大小：</translation>
    </message>
    <message>
        <source>TTL history</source>
        <translation>TTL 历史</translation>
    </message>
    <message>
        <source>TTL (s)</source>
        <translation>TTL（s）</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>He&amp;x</source>
        <translation>十六进制(&amp;X)</translation>
    </message>
    <message>
        <source>Show the value as a hex dump</source>
        <translation>以十六进制转储显示值</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>元数据</translation>
    </message>
    <message>
        <source>No metadata</source>
        <translation>无元数据</translation>
    </message>
    <message>
        <source>Commands</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>No actions for this lock</source>
        <translation>此锁没有可用的操作</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 bytes (the first %2 read)</source>
        <translation>%1 字节（已读取前 %2 字节）</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>A raw value has no metadata</source>
        <translation>原始值没有元数据</translation>
    </message>
    <message>
        <source>… (%1 more bytes not read)</source>
        <translation>…（还有 %1 字节未读取）</translation>
    </message>
    <message>
        <source>%1 of a %2 lease</source>
        <translation>剩余 %1（租期 %2）</translation>
    </message>
    <message>
        <source>∞ no expiry: this lock is stuck until someone deletes it</source>
        <translation>∞ 永不过期：此锁将一直卡死，直到有人删除它</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>gone</source>
        <translation>已不存在</translation>
    </message>
    <message>
        <source>yes, obtained by this app</source>
        <translation>是，由本应用获取</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>No expiry: nothing counts down.</source>
        <translation>永不过期：没有倒计时。</translation>
    </message>
    <message>
        <source>No TTL samples yet.</source>
        <translation>尚无 TTL 采样。</translation>
    </message>
    <message>
        <source>seconds (0 = now)</source>
        <translation>秒（0 = 现在）</translation>
    </message>
    <message>
        <source>Seen for:</source>
        <translation>已观察：</translation>
    </message>
    <message>
        <source>Copy a command, ready to paste into redis-cli</source>
        <translation>复制一条命令，可直接粘贴到 redis-cli</translation>
    </message>
    <message>
        <source>Copy the %1 command</source>
        <translation>复制 %1 命令</translation>
    </message>
    <message>
        <source>%1 of a lease of at least %2</source>
        <translation>%1，租期至少 %2</translation>
    </message>
    <message>
        <source>∞ no expiry (not a lock format, so not stuck)</source>
        <translation>∞ 永不过期（不是锁格式，因此不算卡死）</translation>
    </message>
    <message>
        <source>at least %1</source>
        <translation>至少 %1</translation>
    </message>
    <message>
        <source>Already held when this app first listed it: its age and lease are not known, only that they are at least what is shown (the lease until a refresh is seen).</source>
        <translation>本应用首次列出时它已被持有：其存在时长和租期未知，只知道至少为所显示的值（租期在观察到一次续期前未知）。</translation>
    </message>
    <message>
        <source>Already held when this app first listed it: it may be older than shown.</source>
        <translation>本应用首次列出时它已被持有：实际时长可能比显示的更长。</translation>
    </message>
    <message>
        <source>Cop&amp;y</source>
        <translation>复制(&amp;Y)</translation>
    </message>
    <message>
        <source>Evidence:</source>
        <translation>依据：</translation>
    </message>
    <message>
        <source>Holder:</source>
        <translation>持有者：</translation>
    </message>
    <message>
        <source>Node:</source>
        <translation>节点：</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>副本</translation>
    </message>
    <message>
        <source>Check replicas</source>
        <translation>检查副本</translation>
    </message>
    <message>
        <source>Ask every replica of this lock&apos;s master whether it holds the same value: a lock no replica holds yet is lost if the master fails over now</source>
        <translation>询问此锁所在主节点的每个副本是否持有相同的值：若还没有副本持有，主节点此刻故障转移就会丢失这把锁</translation>
    </message>
    <message>
        <source>Asking the replicas…</source>
        <translation>正在询问副本…</translation>
    </message>
    <message>
        <source>Not checked yet.</source>
        <translation>尚未检查。</translation>
    </message>
    <message>
        <source>%1 · slot %2</source>
        <translation>%1 · 槽 %2</translation>
    </message>
    <message>
        <source>The check failed: %1</source>
        <translation>检查失败：%1</translation>
    </message>
    <message>
        <source>The master has no replicas: a failover has nothing to keep this lock on.</source>
        <translation>主节点没有副本：故障转移时没有节点能保住这把锁。</translation>
    </message>
    <message>
        <source>holds the same value</source>
        <translation>持有相同的值</translation>
    </message>
    <message>
        <source>not yet: a failover now would lose this lock</source>
        <translation>尚未同步：此刻故障转移会丢失这把锁</translation>
    </message>
    <message>
        <source>holds a different value</source>
        <translation>持有不同的值</translation>
    </message>
    <message>
        <source>unreachable: %1</source>
        <translation>无法连接：%1</translation>
    </message>
    <message>
        <source>no expiry</source>
        <translation>无过期时间</translation>
    </message>
    <message>
        <source>ttl %1</source>
        <translation>TTL %1</translation>
    </message>
    <message>
        <source>lag %1 bytes</source>
        <translation>落后 %1 字节</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source> · </source>
        <translation> · </translation>
    </message>
    <message>
        <source>Anomalies:</source>
        <translation>异常：</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message numerus="yes">
        <source>last %n minute(s)</source>
        <translation>
            <numerusform>最近 %n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>last hour</source>
        <translation>最近一小时</translation>
    </message>
    <message>
        <source>How far back the timeline goes</source>
        <translation>时间线回溯多久</translation>
    </message>
    <message>
        <source>Nothing observed yet</source>
        <translation>尚未观察到任何内容</translation>
    </message>
    <message>
        <source>Auxiliary keys</source>
        <translation>辅助键</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Could not be read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1：%2（%3）</translation>
    </message>
    <message>
        <source>%1 fields read of a larger hash</source>
        <translation>已读取较大哈希中的 %1 个字段</translation>
    </message>
    <message>
        <source>1 field</source>
        <translation>1 个字段</translation>
    </message>
    <message>
        <source>%1 fields</source>
        <translation>%1 个字段</translation>
    </message>
</context>
<context>
    <name>LockTableModel</name>
    <message>
        <source>held</source>
        <translation>持有中</translation>
    </message>
    <message>
        <source>No expiry: nothing frees this lock unless it is deleted</source>
        <translation>永不过期：除非被删除，否则此锁不会被释放</translation>
    </message>
    <message>
        <source>Obtained by this app and not released</source>
        <translation>由本应用获取且尚未释放</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>元数据</translation>
    </message>
    <message>
        <source>TTL</source>
        <translation>TTL</translation>
    </message>
    <message>
        <source>Refreshes</source>
        <translation>续期次数</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>持有</translation>
    </message>
    <message>
        <source>Time to live, counting down between re-syncs with the server</source>
        <translation>剩余生存时间，在与服务器两次同步之间本地倒计时</translation>
    </message>
    <message>
        <source>Refreshes observed: TTL jumps seen between two re-syncs</source>
        <translation>观察到的续期次数：两次同步之间 TTL 回升的次数</translation>
    </message>
    <message>
        <source>Locks this app obtained and has not released</source>
        <translation>本应用已获取且尚未释放的锁</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 m %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 m</source>
        <translation>%1 h %2 m</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>∞ no expiry</source>
        <translation>∞ 永不过期</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>gone</source>
        <translation>已不存在</translation>
    </message>
    <message>
        <source>Seen for</source>
        <translation>已观察</translation>
    </message>
    <message>
        <source>How long this app has seen this holder: its age only when the app saw the lock being taken</source>
        <translation>本应用观察到此持有者的时长：只有本应用看到锁被获取时才是它的实际时长</translation>
    </message>
    <message>
        <source>No expiry. Not a lock format this app recognises, so not counted as stuck.</source>
        <translation>永不过期。不是本应用识别的锁格式，因此不计为卡死。</translation>
    </message>
    <message>
        <source>%1 left of a %2 lease</source>
        <translation>剩余 %1，租期 %2</translation>
    </message>
    <message>
        <source>%1 left. The lease is not known yet: the lock was already held when this app first saw it, so the bar compares with the longest TTL seen (%2), a lower bound.</source>
        <translation>剩余 %1。租期尚未知：本应用首次看到时锁已被持有，因此进度条以观察到的最长 TTL（%2）为基准，这是一个下限。</translation>
    </message>
    <message>
        <source>Taken %1 ago: this app saw it happen</source>
        <translation>%1 前被获取：本应用亲眼所见</translation>
    </message>
    <message>
        <source>Seen for %1. It was already held when this app first listed it, so it may be much older.</source>
        <translation>已观察 %1。本应用首次列出时它已被持有，实际可能早得多。</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>持有者</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Slot</source>
        <translation>槽</translation>
    </message>
    <message>
        <source>Who holds the lock, as its library&apos;s bytes tell: a Redisson client and thread, the node and time of a redis-py lock, a ShedLock host</source>
        <translation>锁的持有者，由其库写入的字节得知：Redisson 的客户端和线程、redis-py 锁的节点和时间、ShedLock 的主机</translation>
    </message>
    <message>
        <source>The cluster master that holds the key, as the cluster announces it</source>
        <translation>持有该键的集群主节点（按集群公布的地址）</translation>
    </message>
    <message>
        <source>The key&apos;s hash slot (0-16383): keys locked together must share one</source>
        <translation>键的哈希槽（0–16383）：一起加锁的键必须在同一个槽</translation>
    </message>
    <message>
        <source>Anomalies: %1</source>
        <translation>异常：%1</translation>
    </message>
    <message>
        <source>Last read from the server %1 ago; TTLs are re-read every ~%2, as the command budget allows, and count down in between</source>
        <translation>上次从服务器读取是在 %1 前；在命令预算允许的范围内，TTL 约每 %2 重新读取一次，期间自行倒计时</translation>
    </message>
    <message>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>1 field read of a larger hash</source>
        <translation>从更大的哈希中读取了 1 个字段</translation>
    </message>
    <message>
        <source>%1 fields read of a larger hash</source>
        <translation>从更大的哈希中读取了 %1 个字段</translation>
    </message>
    <message>
        <source>1 field</source>
        <translation>1 个字段</translation>
    </message>
    <message>
        <source>%1 fields</source>
        <translation>%1 个字段</translation>
    </message>
    <message>
        <source>22 base64url characters of token, then metadata (bsm/redislock, Cosy)</source>
        <translation>22 个 base64url 字符的令牌，后接元数据（bsm/redislock、Cosy）</translation>
    </message>
    <message>
        <source>a token of the configured %1 characters, then metadata</source>
        <translation>配置的 %1 个字符的令牌，后接元数据</translation>
    </message>
    <message>
        <source>a hash of &lt;client uuid&gt;:&lt;thread id&gt; → hold count (Redisson RLock, RFencedLock or RFairLock), %1</source>
        <translation>&lt;客户端 uuid&gt;:&lt;线程 id&gt; → 持有次数 的哈希（Redisson RLock、RFencedLock 或 RFairLock），%1</translation>
    </message>
    <message>
        <source>a hash with mode=%1 and &lt;client uuid&gt;:&lt;thread id&gt; hold counts (Redisson RReadWriteLock), %2</source>
        <translation>带 mode=%1 和 &lt;客户端 uuid&gt;:&lt;线程 id&gt; 持有次数的哈希（Redisson RReadWriteLock），%2</translation>
    </message>
    <message>
        <source>24 characters of padded standard base64 encoding exactly 16 bytes (go-redsync&apos;s random value)</source>
        <translation>24 个带填充的标准 base64 字符，恰好编码 16 字节（go-redsync 的随机值）</translation>
    </message>
    <message>
        <source>32 lower-case hex digits: 16 random bytes (node-redlock&apos;s value)</source>
        <translation>32 个小写十六进制数字：16 个随机字节（node-redlock 的值）</translation>
    </message>
    <message>
        <source>20 characters of [0-9A-Za-z] (redis-plus-plus RedLock&apos;s lock id)</source>
        <translation>20 个 [0-9A-Za-z] 字符（redis-plus-plus RedLock 的锁 ID）</translation>
    </message>
    <message>
        <source>a version-1 UUID as 32 hex digits, RFC 4122 variant, made %1 (redis-py Lock&apos;s uuid1().hex)</source>
        <translation>32 个十六进制数字表示的版本 1 UUID，RFC 4122 变体，生成于 %1（redis-py Lock 的 uuid1().hex）</translation>
    </message>
    <message>
        <source>key lock:NAME holding 24 characters of standard base64, 18 bytes (python-redis-lock&apos;s id)</source>
        <translation>键 lock:NAME 保存 24 个标准 base64 字符，即 18 字节（python-redis-lock 的 ID）</translation>
    </message>
    <message>
        <source>its signal list exists</source>
        <translation>它的信号列表存在</translation>
    </message>
    <message>
        <source>a value %1 under job-lock:&lt;env&gt;:&lt;name&gt; (ShedLock)</source>
        <translation>job-lock:&lt;env&gt;:&lt;name&gt; 下的值 %1（ShedLock）</translation>
    </message>
    <message>
        <source>a value %1 (ShedLock)</source>
        <translation>值 %1（ShedLock）</translation>
    </message>
    <message>
        <source>a %1 that fits no known lock format</source>
        <translation>不符合任何已知锁格式的 %1</translation>
    </message>
    <message>
        <source>could be %1: the bytes fit each equally, so none is claimed</source>
        <translation>可能是 %1：这些字节同样符合每一种，因此不认定任何一种</translation>
    </message>
    <message>
        <source>also fits %1, less closely</source>
        <translation>也符合 %1，但不够贴切</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>fence counter</source>
        <translation>栅栏计数器</translation>
    </message>
    <message>
        <source>Redisson fence token</source>
        <translation>Redisson 栅栏令牌</translation>
    </message>
    <message>
        <source>Redisson fair-lock queue</source>
        <translation>Redisson 公平锁队列</translation>
    </message>
    <message>
        <source>Redisson fair-lock timeouts</source>
        <translation>Redisson 公平锁超时</translation>
    </message>
    <message>
        <source>Redisson reader lease</source>
        <translation>Redisson 读者租约</translation>
    </message>
    <message>
        <source>python-redis-lock signal list</source>
        <translation>python-redis-lock 信号列表</translation>
    </message>
    <message>
        <source>client %1, thread %2</source>
        <translation>客户端 %1，线程 %2</translation>
    </message>
    <message>
        <source>%1 ×%2</source>
        <comment>a holder that took its lock %2 times (re-entered)</comment>
        <translation>%1 ×%2</translation>
    </message>
    <message>
        <source>%1 (+%2 more)</source>
        <comment>%2 other holders share the lock</comment>
        <translation>%1（另有 %2 个）</translation>
    </message>
    <message>
        <source>read: %1</source>
        <comment>a Redisson read-write lock held for reading</comment>
        <translation>读锁：%1</translation>
    </message>
    <message>
        <source>write: %1</source>
        <comment>a Redisson read-write lock held for writing</comment>
        <translation>写锁：%1</translation>
    </message>
    <message>
        <source>node %1, since %2</source>
        <translation>节点 %1，自 %2 起</translation>
    </message>
    <message>
        <source>id %1</source>
        <comment>python-redis-lock&apos;s random id of the holder</comment>
        <translation>ID %1</translation>
    </message>
    <message>
        <source>host %1, since %2</source>
        <translation>主机 %1，自 %2 起</translation>
    </message>
    <message>
        <source>client ID</source>
        <translation>客户端 ID</translation>
    </message>
    <message>
        <source>thread ID</source>
        <translation>线程 ID</translation>
    </message>
    <message>
        <source>hold count</source>
        <translation>持有次数</translation>
    </message>
    <message>
        <source>lock</source>
        <comment>which lock of a Redisson read-write lock a holder has: read or write</comment>
        <translation>锁类型</translation>
    </message>
    <message>
        <source>mode</source>
        <comment>a Redisson read-write lock&apos;s mode: read or write</comment>
        <translation>模式</translation>
    </message>
    <message>
        <source>node</source>
        <comment>redis-py: the MAC address (or random bits) in the holder&apos;s UUID</comment>
        <translation>节点</translation>
    </message>
    <message>
        <source>node kind</source>
        <translation>节点类型</translation>
    </message>
    <message>
        <source>acquired at</source>
        <translation>获取时间</translation>
    </message>
    <message>
        <source>id</source>
        <comment>python-redis-lock&apos;s or ShedLock&apos;s id of the holder</comment>
        <translation>ID</translation>
    </message>
    <message>
        <source>signal key</source>
        <translation>信号键</translation>
    </message>
    <message>
        <source>signal list length</source>
        <translation>信号列表长度</translation>
    </message>
    <message>
        <source>locked at</source>
        <translation>加锁时间</translation>
    </message>
    <message>
        <source>host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>environment</source>
        <translation>环境</translation>
    </message>
    <message>
        <source>job</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>read</source>
        <comment>a Redisson read-write lock&apos;s mode</comment>
        <translation>读</translation>
    </message>
    <message>
        <source>write</source>
        <comment>a Redisson read-write lock&apos;s mode</comment>
        <translation>写</translation>
    </message>
    <message>
        <source>MAC address</source>
        <translation>MAC 地址</translation>
    </message>
    <message>
        <source>random (no MAC address was found)</source>
        <translation>随机值（未找到 MAC 地址）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>a holder fact: its name and its value</comment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>#%1</source>
        <comment>the number of a holder of a lock with several</comment>
        <translation>持有者 #%1</translation>
    </message>
</context>
<context>
    <name>LocksWidget</name>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>1 lock</source>
        <translation>1 个锁</translation>
    </message>
    <message>
        <source>%1 locks</source>
        <translation>%1 个锁</translation>
    </message>
    <message>
        <source>%1 · %2 shown · %3 stuck</source>
        <translation>%1 · 显示 %2 个 · %3 个卡死</translation>
    </message>
    <message>
        <source>∞ no expiry</source>
        <translation>∞ 永不过期</translation>
    </message>
    <message>
        <source>held</source>
        <translation>持有中</translation>
    </message>
    <message>
        <source>Filter by key or metadata (Ctrl+F) · format:raw · is:stuck · is:held · is:lock</source>
        <translation>按键或元数据筛选 (Ctrl+F) · format:raw · is:stuck · is:held · is:lock</translation>
    </message>
    <message>
        <source>Locks only</source>
        <translation>仅显示锁</translation>
    </message>
    <message>
        <source>Hide keys whose value is not in a lock format (counters, configuration values)</source>
        <translation>隐藏值不是锁格式的键（计数器、配置值）</translation>
    </message>
    <message>
        <source>Not connected — use Connection → Connect… (Ctrl+O) or start the sandbox.</source>
        <translation>未连接 —— 请使用 连接 → 连接… (Ctrl+O)，或启动沙盒。</translation>
    </message>
    <message numerus="yes">
        <source>%n locks selected.</source>
        <translation>
            <numerusform>已选中 %n 个锁。</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a lock to see its value, metadata, TTL history and the commands its actions run.</source>
        <translation>选择一个锁以查看其值、元数据、TTL 历史以及各操作将执行的命令。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Locks</source>
        <translation>锁(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Backoff lab</source>
        <translation>退避实验室(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Activity</source>
        <translation>活动(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>连接(&amp;C)…</translation>
    </message>
    <message>
        <source>Connect to a Redis server by URL</source>
        <translation>通过 URL 连接到 Redis 服务器</translation>
    </message>
    <message>
        <source>&amp;Import Cosy app.ini…</source>
        <translation>导入 Cosy app.ini(&amp;I)…</translation>
    </message>
    <message>
        <source>Start the &amp;sandbox</source>
        <translation>启动沙箱(&amp;S)</translation>
    </message>
    <message>
        <source>A private redis-server with simulated services holding locks, for trying things</source>
        <translation>一个私有的 redis-server，内有持有锁的模拟服务，供随意试验</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>断开连接(&amp;D)</translation>
    </message>
    <message>
        <source>Re&amp;scan</source>
        <translation>重新扫描(&amp;S)</translation>
    </message>
    <message>
        <source>Scan the keys under the pattern again (SCAN, in pages)</source>
        <translation>重新扫描匹配模式下的键（SCAN，分页进行）</translation>
    </message>
    <message>
        <source>&amp;Obtain…</source>
        <translation>获取(&amp;O)…</translation>
    </message>
    <message>
        <source>Obtain a lock as this app</source>
        <translation>以本应用的身份获取锁</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>续期(&amp;R)</translation>
    </message>
    <message>
        <source>Extend a lock this app holds to the ttl it was obtained with</source>
        <translation>将本应用持有的锁续期为获取时的 TTL</translation>
    </message>
    <message>
        <source>Re&amp;lease</source>
        <translation>释放(&amp;L)</translation>
    </message>
    <message>
        <source>Release a lock this app holds</source>
        <translation>释放本应用持有的锁</translation>
    </message>
    <message>
        <source>&amp;Force release…</source>
        <translation>强制释放(&amp;F)…</translation>
    </message>
    <message>
        <source>Delete the selected lock if it still holds the value shown (compare-and-delete)</source>
        <translation>若所选锁的值仍为所示值，则删除它（比较并删除）</translation>
    </message>
    <message>
        <source>&amp;Delete regardless…</source>
        <translation>强制删除(&amp;D)…</translation>
    </message>
    <message>
        <source>Delete the selected key whatever it holds now (DEL)</source>
        <translation>无论当前值是什么，都删除所选键（DEL）</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Recent</source>
        <translation>最近连接(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Lockscope</source>
        <translation>关于 Lockscope(&amp;A)</translation>
    </message>
    <message>
        <source>About Lockscope</source>
        <translation>关于 Lockscope</translation>
    </message>
    <message>
        <source>&lt;b&gt;Lockscope %1&lt;/b&gt;&lt;p&gt;Inspector and test harness for Redis distributed locks in the format of bsm/redislock and Cosy&apos;s redis.ObtainLock.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Lockscope %1&lt;/b&gt;&lt;p&gt;Redis 分布式锁的检查与测试工具，适用于 bsm/redislock 及 Cosy 的 redis.ObtainLock 格式的锁。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the scan; the keys found so far stay listed</source>
        <translation>停止扫描；已找到的键仍保留在列表中</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>正在扫描…</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) scanned</source>
        <translation>
            <numerusform>已扫描 %n 个键</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scan complete: %n key(s)</source>
        <translation>
            <numerusform>扫描完成：%n 个键</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scan stopped after %n key(s)</source>
        <translation>
            <numerusform>扫描已停止，已扫描 %n 个键</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to inspect yet</source>
        <translation>暂无可检查的内容</translation>
    </message>
    <message>
        <source>Lockscope is not connected to a Redis server.</source>
        <translation>Lockscope 尚未连接到 Redis 服务器。</translation>
    </message>
    <message>
        <source>Start the sandbox — a private redis-server on this machine with simulated services taking, refreshing and losing locks — or connect to a server of yours.</source>
        <translation>启动沙箱（本机上的一个私有 redis-server，其中的模拟服务会获取、续期和丢失锁），或连接到你自己的服务器。</translation>
    </message>
    <message>
        <source>Start the sandbox</source>
        <translation>启动沙箱</translation>
    </message>
    <message>
        <source>Connect…</source>
        <translation>连接…</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <source>Lockscope</source>
        <translation>Lockscope</translation>
    </message>
    <message>
        <source>Import a Cosy app.ini</source>
        <translation>导入 Cosy app.ini</translation>
    </message>
    <message>
        <source>INI files (*.ini);;All files (*)</source>
        <translation>INI 文件 (*.ini);;所有文件 (*)</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>%1 (read-only)</source>
        <translation>%1（只读）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>续期</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>释放</translation>
    </message>
    <message>
        <source>Force release</source>
        <translation>强制释放</translation>
    </message>
    <message>
        <source>Delete regardless</source>
        <translation>强制删除</translation>
    </message>
    <message>
        <source>No stored password for %1: type it, please.</source>
        <translation>没有为 %1 保存的密码：请输入密码。</translation>
    </message>
    <message>
        <source>Locks held</source>
        <translation>仍持有锁</translation>
    </message>
    <message>
        <source>Release them now, or leave them to expire when their ttl runs out? Other services cannot take them until then.</source>
        <translation>现在释放它们，还是等 TTL 到期后自动失效？在此之前其他服务无法获取它们。</translation>
    </message>
    <message>
        <source>Release and quit</source>
        <translation>释放并退出</translation>
    </message>
    <message>
        <source>Quit, let them expire</source>
        <translation>退出，等待过期</translation>
    </message>
    <message>
        <source>L&amp;ocks</source>
        <translation>锁(&amp;O)</translation>
    </message>
    <message>
        <source>Co&amp;ntention harness</source>
        <translation>争用测试(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Filter syntax</source>
        <translation>过滤语法(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>…… 以及另外 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>Set e&amp;xpiry…</source>
        <translation>设置过期时间(&amp;X)…</translation>
    </message>
    <message>
        <source>Give the selected lock(s) an expiry if they still hold the value shown (compare-and-PEXPIRE): the gentle fix for a stuck lock</source>
        <translation>若所选锁仍保存着所显示的值，则为其设置过期时间（比较后 PEXPIRE）：处理卡死锁的温和办法</translation>
    </message>
    <message>
        <source>Connection lost at %1 — showing the last known state; reconnecting…</source>
        <translation>连接于 %1 断开 —— 显示的是最后已知状态；正在重新连接…</translation>
    </message>
    <message>
        <source>Connecting to %1; still connected to %2</source>
        <translation>正在连接 %1；仍连接着 %2</translation>
    </message>
    <message>
        <source>Set expiry</source>
        <translation>设置过期时间</translation>
    </message>
    <message numerus="yes">
        <source>Delete these %n key(s) whatever they hold now (DEL)?</source>
        <translation>
            <numerusform>无论这 %n 个键现在保存什么，都删除它们 (DEL)？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Force release these %n lock(s)? Each is deleted only if it still holds the value shown (compare-and-delete).</source>
        <translation>
            <numerusform>强制释放这 %n 个锁？每个锁只有在仍保存所显示的值时才会被删除（比较后删除）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n key(s)</source>
        <translation>
            <numerusform>删除 %n 个键</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Force release %n lock(s)</source>
        <translation>
            <numerusform>强制释放 %n 个锁</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Expire %n lock(s) after this ttl (e.g. 30s, 5m), each only if it still holds the value shown:</source>
        <translation>
            <numerusform>在此 ttl 后让 %n 个锁过期（例如 30s、5m），每个锁仅在仍保存所显示的值时生效：</numerusform>
        </translation>
    </message>
    <message>
        <source>Set expiry: the ttl must be at least 1 ms, got &quot;%1&quot;</source>
        <translation>设置过期时间：ttl 至少为 1 ms，收到的是 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Set expiry: %1</source>
        <translation>设置过期时间：%1</translation>
    </message>
    <message numerus="yes">
        <source>This app holds %n lock(s):</source>
        <translation>
            <numerusform>本应用持有 %n 个锁：</numerusform>
        </translation>
    </message>
    <message>
        <source>Release and leave</source>
        <translation>释放后离开</translation>
    </message>
    <message>
        <source>Leave, let them expire</source>
        <translation>离开，让它们自然过期</translation>
    </message>
    <message>
        <source>B&amp;usiest locks</source>
        <translation>最繁忙的锁(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Export snapshot…</source>
        <translation>导出快照(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the table, each lock&apos;s timeline and the audit log for a post-mortem (JSON, and the table as CSV)</source>
        <translation>保存表格、每个锁的时间线和审计日志，用于事后分析（JSON，表格另存为 CSV）</translation>
    </message>
    <message>
        <source>Export snapshot</source>
        <translation>导出快照</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>%1 is not in the table (it left, or the filter hides it)</source>
        <translation>%1 不在表格中（它已离开，或被筛选器隐藏）</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Snapshot exported to %1 and %2</source>
        <translation>快照已导出到 %1 和 %2</translation>
    </message>
    <message>
        <source>Export failed: another export is still being written</source>
        <translation>导出失败：另一个导出仍在写入</translation>
    </message>
    <message>
        <source>&amp;Auxiliary keys…</source>
        <translation>辅助键(&amp;A)…</translation>
    </message>
    <message>
        <source>The keys lock libraries keep beside their locks, and the orphans whose lock is gone, with their memory (reads only)</source>
        <translation>各锁库在锁旁保存的键，以及锁已不存在的孤立键和它们占用的内存（只读）</translation>
    </message>
    <message>
        <source>Default re-sync &amp;budget…</source>
        <translation>默认重新同步预算(&amp;B)…</translation>
    </message>
    <message>
        <source>How many commands a second the inspector may send to re-read TTLs, on the connections that do not set a budget of their own</source>
        <translation>在未自行设置预算的连接上，检查器每秒最多可发送多少条命令来重新读取 TTL</translation>
    </message>
    <message>
        <source>Default re-sync budget</source>
        <translation>默认重新同步预算</translation>
    </message>
    <message>
        <source>Commands a second the inspector may send to re-read TTLs and rescan, whatever the number of locks.
With keyspace events a slow sweep needs far fewer; without them a larger table is re-read less often.
A connection that sets its own budget (in the connection dialog) keeps it.</source>
        <translation>检查器每秒可发送的命令数，用于重新读取 TTL 和重新扫描，与锁的数量无关。
有键空间事件时，缓慢巡检所需的命令少得多；没有时，表格越大，重新读取的间隔越长。
在连接对话框中设置了自己预算的连接保留其预算。</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ObtainDialog</name>
    <message>
        <source>a single attempt, no retries</source>
        <translation>仅尝试一次，不重试</translation>
    </message>
    <message>
        <source>waits %1, then gives up; never past the ttl</source>
        <translation>依次等待 %1，然后放弃；绝不超过 TTL</translation>
    </message>
    <message>
        <source>waits %1, … until the ttl runs out</source>
        <translation>依次等待 %1, …，直到 TTL 耗尽</translation>
    </message>
    <message>
        <source>Obtain a lock</source>
        <translation>获取锁</translation>
    </message>
    <message>
        <source>shop:orders:42
(one key per line; several keys make one lock)</source>
        <translation>shop:orders:42
（每行一个键；多个键组成一把锁）</translation>
    </message>
    <message>
        <source>e.g. 500ms, 10s, 1m30s</source>
        <translation>例如 500ms、10s、1m30s</translation>
    </message>
    <message>
        <source>{&quot;owner&quot;: &quot;ops&quot;, &quot;reason&quot;: &quot;maintenance&quot;}</source>
        <translation>{&quot;owner&quot;: &quot;ops&quot;, &quot;reason&quot;: &quot;maintenance&quot;}</translation>
    </message>
    <message>
        <source>random (22 characters)</source>
        <translation>随机（22 个字符）</translation>
    </message>
    <message>
        <source>Leave empty for a random token, as redislock makes them.</source>
        <translation>留空则像 redislock 那样生成随机令牌。</translation>
    </message>
    <message>
        <source>none | linear(D) | exponential(MIN,MAX) | limit(SPEC,N) | fulljitter(BASE,CAP) | equaljitter(BASE,CAP) | decorrelated(BASE,CAP)</source>
        <translation>none | linear(D) | exponential(MIN,MAX) | limit(SPEC,N) | fulljitter(BASE,CAP) | equaljitter(BASE,CAP) | decorrelated(BASE,CAP)</translation>
    </message>
    <message>
        <source>Obtain</source>
        <translation>获取</translation>
    </message>
    <message>
        <source>&amp;Keys:</source>
        <translation>键(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;TTL:</source>
        <translation>TTL(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Metadata:</source>
        <translation>元数据(&amp;M)：</translation>
    </message>
    <message>
        <source>T&amp;oken:</source>
        <translation>令牌(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Retry:</source>
        <translation>重试(&amp;R)：</translation>
    </message>
    <message>
        <source>The key %1 is listed twice.</source>
        <translation>键 %1 重复列出。</translation>
    </message>
    <message>
        <source>Enter a key to lock.</source>
        <translation>请输入要加锁的键。</translation>
    </message>
    <message>
        <source>TTL: %1</source>
        <translation>TTL：%1</translation>
    </message>
    <message>
        <source>The TTL must be at least 1ms.</source>
        <translation>TTL 至少为 1ms。</translation>
    </message>
    <message>
        <source>= %1 ms</source>
        <translation>= %1 ms</translation>
    </message>
    <message>
        <source>= %1 ms (Redis keeps whole milliseconds)</source>
        <translation>= %1 ms（Redis 只保留整毫秒）</translation>
    </message>
    <message>
        <source>No metadata.</source>
        <translation>无元数据。</translation>
    </message>
    <message>
        <source>Valid JSON.</source>
        <translation>有效的 JSON。</translation>
    </message>
    <message>
        <source>Plain text, not JSON.</source>
        <translation>纯文本，不是 JSON。</translation>
    </message>
    <message>
        <source>Retry: %1</source>
        <translation>重试：%1</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>显示详细信息…</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>隐藏详细信息…</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>是(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>否(&amp;N)</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
</context>
<context>
    <name>RecentConnectionsMenu</name>
    <message>
        <source>Connect &amp;To</source>
        <translation>连接到(&amp;T)</translation>
    </message>
    <message>
        <source>No saved or recent connections</source>
        <translation>没有已保存或最近的连接</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>&amp;Clear Recent Connections</source>
        <translation>清除最近连接(&amp;C)</translation>
    </message>
    <message>
        <source>%1 (read-only)</source>
        <translation>%1（只读）</translation>
    </message>
</context>
<context>
    <name>SandboxLauncher</name>
    <message>
        <source>Could not start the sandbox: %1</source>
        <translation>无法启动沙箱：%1</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>沙箱</translation>
    </message>
</context>
<context>
    <name>ScheduleTableModel</name>
    <message>
        <source>first attempt</source>
        <translation>首次尝试</translation>
    </message>
    <message>
        <source>before</source>
        <translation>截止前</translation>
    </message>
    <message>
        <source>past the deadline: not made</source>
        <translation>超过截止时间：不会进行</translation>
    </message>
    <message>
        <source>Attempt %1 starts %2 after the first, before the deadline (%3).</source>
        <translation>第 %1 次尝试在首次尝试之后 %2 开始，早于截止时间（%3）。</translation>
    </message>
    <message>
        <source>Attempt %1 would start %2 after the first, at or past the deadline (%3): the retry loop gives up before it.</source>
        <translation>第 %1 次尝试将在首次尝试之后 %2 开始，已到或超过截止时间（%3）：重试循环会在此之前放弃。</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>尝试</translation>
    </message>
    <message>
        <source>Wait before</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>Starts at</source>
        <translation>开始于</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
</context>
<context>
    <name>ServerStatusWidget</name>
    <message>
        <source>Round trip of the last PING</source>
        <translation>上一次 PING 的往返时间</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>Writes are off: obtain, refresh, release and delete are disabled.</source>
        <translation>写入已关闭：获取、续期、释放和删除均已禁用。</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Redis %1</source>
        <translation>Redis %1</translation>
    </message>
    <message>
        <source>replica</source>
        <translation>replica</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Live updates</source>
        <translation>实时更新</translation>
    </message>
    <message>
        <source>The server publishes keyspace events: changes, expiries and deletions show at once.</source>
        <translation>服务器发布键空间事件：变更、过期和删除会立即显示。</translation>
    </message>
    <message>
        <source>Polling</source>
        <translation>轮询</translation>
    </message>
    <message>
        <source>The server&apos;s notify-keyspace-events lacks what live updates need (e.g. &quot;Egx&quot;): locks are re-read on a timer.</source>
        <translation>服务器的 notify-keyspace-events 缺少实时更新所需的事件（如 &quot;Egx&quot;）：锁将定时重新读取。</translation>
    </message>
    <message>
        <source>master</source>
        <translation>主节点</translation>
    </message>
    <message>
        <source>standalone</source>
        <translation>单机</translation>
    </message>
    <message>
        <source>cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>sentinel</source>
        <translation>哨兵</translation>
    </message>
    <message>
        <source>INFO replication role: %1; server mode: %2</source>
        <translation>INFO 复制角色：%1；服务器模式：%2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>db %1: 1 key in total</source>
        <translation>db %1：共 1 个键</translation>
    </message>
    <message>
        <source>db %1: %2 keys in total</source>
        <translation>db %1：共 %2 个键</translation>
    </message>
    <message>
        <source>All the keys in database %1 (INFO keyspace), not only those under the pattern that the Locks tab lists</source>
        <translation>数据库 %1 中的全部键（INFO keyspace），不只是“锁”标签页按匹配模式列出的那些</translation>
    </message>
    <message>
        <source>%1 (at %2)</source>
        <translation>%1（于 %2）</translation>
    </message>
    <message>
        <source>cluster · %1 · %2</source>
        <translation>集群 · %1 · %2</translation>
    </message>
    <message>
        <source>1 master</source>
        <translation>1 个主节点</translation>
    </message>
    <message>
        <source>%1 masters</source>
        <translation>%1 个主节点</translation>
    </message>
    <message>
        <source>1 replica</source>
        <translation>1 个副本</translation>
    </message>
    <message>
        <source>%1 replicas</source>
        <translation>%1 个副本</translation>
    </message>
    <message>
        <source>A Redis Cluster: locks are read and written on the master of each key&apos;s hash slot</source>
        <translation>Redis 集群：锁在每个键的哈希槽所属主节点上读写</translation>
    </message>
    <message>
        <source>sentinel %1 → %2</source>
        <translation>哨兵 %1 → %2</translation>
    </message>
    <message>
        <source>The Sentinels name %1 as the master of %2; after a failover the reads and writes follow the master they name</source>
        <translation>哨兵指定 %1 为 %2 的主节点；故障转移后，读写会跟随哨兵指定的新主节点</translation>
    </message>
    <message>
        <source>Live on %1 of %2 masters</source>
        <translation>%2 个主节点中 %1 个实时更新</translation>
    </message>
    <message>
        <source>These masters do not publish what live updates need, or cannot be listened to now, and are polled: %1</source>
        <translation>以下主节点不发布实时更新所需的事件，或目前无法订阅，改为轮询：%1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Each polled TTL is re-read about every %1, within a budget of %2 commands a second to the server; the table counts down in between.</source>
        <translation>每个轮询的 TTL 约每 %1 重新读取一次，对服务器的预算为每秒 %2 条命令；期间表格自行倒计时。</translation>
    </message>
    <message>
        <source>Keys that keyspace events follow are re-read only by a slow sweep, about every %1, and when they are due to expire.</source>
        <translation>有键空间事件跟踪的键只在缓慢轮巡时（约每 %1 一次）和即将过期时重新读取。</translation>
    </message>
    <message>
        <source>Polling · TTLs re-read every ~%1 · budget %2/s</source>
        <translation>轮询 · TTL 约每 %1 重新读取一次 · 预算 %2/秒</translation>
    </message>
</context>
<context>
    <name>SnapshotExporter</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>StrategyEditorWidget</name>
    <message>
        <source>none and linear wait the same every time; exponential is the Go library&apos;s; limit caps another strategy&apos;s retries; the three jitter kinds are the AWS blog&apos;s</source>
        <translation>none 和 linear 每次等待相同时长；exponential 即 Go 库的策略；limit 限制另一策略的重试次数；三种抖动策略出自 AWS 博客</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <source>Interval:</source>
        <translation>间隔：</translation>
    </message>
    <message>
        <source>Max:</source>
        <translation>最大：</translation>
    </message>
    <message>
        <source>A duration such as 16ms, 1.5s or 1m30s (units ns, us, ms, s, m, h)</source>
        <translation>时长，如 16ms、1.5s 或 1m30s（单位：ns、us、ms、s、m、h）</translation>
    </message>
    <message>
        <source>At most this many retries, so one more attempt</source>
        <translation>最多重试这么多次，即尝试次数再多一次</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>With a fixed seed every schedule draws the same waits, so the chart is reproducible; without one each draw differs</source>
        <translation>使用固定种子时，每次生成的时间表都抽取相同的等待时间，图表可复现；不固定则每次都不同</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>种子(&amp;S)：</translation>
    </message>
    <message>
        <source>The retry SPEC as lockctl --retry takes it: none, linear(D), exponential(MIN,MAX), limit(SPEC,N), fulljitter(BASE,CAP[,SEED]), equaljitter(BASE,CAP[,SEED]), decorrelated(BASE,CAP[,SEED])</source>
        <translation>lockctl --retry 所接受的重试 SPEC：none, linear(D), exponential(MIN,MAX), limit(SPEC,N), fulljitter(BASE,CAP[,SEED]), equaljitter(BASE,CAP[,SEED]), decorrelated(BASE,CAP[,SEED])</translation>
    </message>
    <message>
        <source>S&amp;pec:</source>
        <translation>策略文本(&amp;P)：</translation>
    </message>
    <message>
        <source>The form cannot show a limit inside a limit; edit it as text.</source>
        <translation>表单无法显示嵌套的 limit；请以文本形式编辑。</translation>
    </message>
    <message>
        <source>&amp;Interval:</source>
        <translation>间隔(&amp;I)：</translation>
    </message>
    <message>
        <source>M&amp;in:</source>
        <translation>最小(&amp;I)：</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Seed: enter an unsigned integer, or untick Fixed</source>
        <translation>种子：请输入无符号整数，或取消勾选“固定”</translation>
    </message>
    <message>
        <source>Retr&amp;ying:</source>
        <translation>重试的策略(&amp;Y)：</translation>
    </message>
    <message>
        <source>&amp;Max retries:</source>
        <translation>最多重试(&amp;M)：</translation>
    </message>
    <message>
        <source>Ma&amp;x (0 = none):</source>
        <translation>最大(&amp;X)（0 = 不限）：</translation>
    </message>
    <message>
        <source>Bas&amp;e:</source>
        <translation>基数(&amp;E)：</translation>
    </message>
    <message>
        <source>Cap (ma&amp;x):</source>
        <translation>上限(&amp;X)：</translation>
    </message>
</context>
<context>
    <name>StrategyListModel</name>
    <message>
        <source>%1: shown on the charts</source>
        <translation>%1：已显示在图表中</translation>
    </message>
    <message>
        <source>%1: hidden; tick to show it</source>
        <translation>%1：已隐藏；勾选以显示</translation>
    </message>
</context>
<context>
    <name>WriteGate</name>
    <message>
        <source>Refused: the connection is read-only; nothing was sent</source>
        <translation>已拒绝：此连接为只读；未发送任何命令</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Inspector and test harness for Redis distributed locks.</source>
        <translation>Redis 分布式锁的检查与测试工具。</translation>
    </message>
    <message>
        <source>Connect to URL (redis://, rediss:// or unix://).</source>
        <translation>连接到 URL（redis://、rediss:// 或 unix://）。</translation>
    </message>
    <message>
        <source>Connect as a Cosy service would: the [redis] section of an app.ini.</source>
        <translation>像 Cosy 服务那样连接：使用 app.ini 的 [redis] 节。</translation>
    </message>
    <message>
        <source>List the keys under PREFIX:* (Cosy&apos;s Prefix).</source>
        <translation>列出 PREFIX:* 下的键（Cosy 的 Prefix）。</translation>
    </message>
    <message>
        <source>List the keys matching GLOB.</source>
        <translation>列出匹配 GLOB 的键。</translation>
    </message>
    <message>
        <source>Disable every action that writes to Redis.</source>
        <translation>禁用所有写入 Redis 的操作。</translation>
    </message>
    <message>
        <source>User interface language (en, zh_CN).</source>
        <translation>界面语言（en、zh_CN）。</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot;; see --help</source>
        <translation>意外的参数“%1”；请参阅 --help</translation>
    </message>
    <message>
        <source>--sandbox, --url and --config exclude each other; give one</source>
        <translation>--sandbox、--url 和 --config 互斥，只能指定一个</translation>
    </message>
    <message>
        <source>Read the Redis password from the first line of FILE (else the URL&apos;s or app.ini&apos;s, else the environment variable LOCKSCOPE_PASSWORD or REDISCLI_AUTH).</source>
        <translation>从 FILE 的第一行读取 Redis 密码（否则使用 URL 或 app.ini 中的密码，再否则使用环境变量 LOCKSCOPE_PASSWORD 或 REDISCLI_AUTH）。</translation>
    </message>
    <message>
        <source>--password-file goes with --url or --config</source>
        <translation>--password-file 需与 --url 或 --config 一起使用</translation>
    </message>
    <message>
        <source>Start a private redis-server with demo locks and inspect it; &quot;--sandbox cluster&quot; starts a private 3-master 3-replica Redis Cluster instead.</source>
        <translation>启动一个带演示锁的私有 redis-server 并查看它；&quot;--sandbox cluster&quot; 则启动一个私有的 3 主 3 从 Redis 集群。</translation>
    </message>
</context>
</TS>
