#pragma once

#include <QStatusBar>

// The main window's status bar. QStatusBar draws a temporary message from its left edge up to
// two pixels before its first permanent widget and cuts it off there, mid-letter: in a 1024
// pixel window, with the connection indicator as wide as a URL, the server and the update mode
// make it, a long message (the harness's result) ran right into the indicator and read as if it
// went on under it. This bar draws the message in the room the layout leaves between the normal
// widgets and the permanent ones (its stretch, a spacing clear of either side), elided with "…"
// when it does not fit, and shows the whole message as the tool tip there; the rest is
// QStatusBar's.
class ElidingStatusBar : public QStatusBar
{
    Q_OBJECT

public:
    explicit ElidingStatusBar(QWidget *parent = nullptr);

    // Where the temporary message is drawn, and what of it fits there.
    [[nodiscard]] QRect messageRect() const;
    [[nodiscard]] QString shownMessage() const;

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
};
